namespace Notifications.Grains;

/// <summary>A tenant's message log, keyed by tenant: every notification with where it stands, searchable newest first.</summary>
[Alias("Notifications.Grains.IMessageLogGrain")]
public interface IMessageLogGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    [Alias("SearchAsync")]
    Task<MessageLogPage> SearchAsync(MessageLogFilter filter, MessageLogCursor? after, int limit);
}
