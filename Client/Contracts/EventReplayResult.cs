namespace Notifications.Client;

/// <param name="Events">Events of the log from that time on that will be looked at again (those the endpoint wants are sent).</param>
public sealed record EventReplayResult(long Events);
