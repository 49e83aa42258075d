namespace Notifications.Client;

public sealed record ScheduleList(IReadOnlyList<ScheduleInfo> Items);
