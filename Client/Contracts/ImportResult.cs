namespace Notifications.Client;

/// <param name="Imported">Users created or updated, each stored before it was counted.</param>
/// <param name="Errors">The first refused lines, with why.</param>
public sealed record ImportResult(long Imported, long Failed, IReadOnlyList<ImportLineError> Errors);
