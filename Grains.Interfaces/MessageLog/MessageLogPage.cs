namespace Notifications.Grains;

/// <summary>
/// A page of the message log, newest first. <paramref name="Next"/> continues after it; it is set, with fewer rows than
/// asked for, when the search stopped at its bound of pages read, and null when there is nothing further.
/// </summary>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.MessageLogPage")]
public sealed record MessageLogPage(IReadOnlyList<MessageLogRow> Rows, MessageLogCursor? Next);
