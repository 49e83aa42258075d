namespace Notifications.Client;

/// <summary>Which dead letters to put back into delivery: the ids given, or every one.</summary>
public sealed record ReplayDeadLetters(IReadOnlyList<string>? Ids = null, bool All = false);
