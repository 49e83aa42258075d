namespace Notifications.Silo;

/// <summary>One line of a streamed body, counted from 1; <see cref="Text"/> is null when the line was longer than allowed and skipped.</summary>
internal readonly record struct BodyLine(long Number, string? Text);
