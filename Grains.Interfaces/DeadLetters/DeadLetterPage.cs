namespace Notifications.Grains;

/// <param name="Next">The cursor of the next page, or null on the last.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.DeadLetterPage")]
public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, int Total, string? Next);
