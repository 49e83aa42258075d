namespace Notifications.Grains;

/// <summary>
/// A send to many is recorded once per page of users it goes over (a topic's page of subscribers, a page of the
/// directory), and a delivered batch once per page of the directory its recipients are listed on, not once per
/// recipient: a user's notifications from them are found through the pages they have been on
/// (<see cref="IUserGrain.SendLogsAsync"/>), each fan-out page answering for its own recipients.
/// </summary>
public static class FanOutLog
{
    /// <summary>
    /// Before the fan-out page delivers (a send to many), or before it stores itself complete (a batch): a crash in
    /// between leaves a record that finds nobody, never a delivery nobody can find.
    /// </summary>
    public static Task RecordAsync(IGrainFactory grains, string usersPageKey, string fanOutPageKey, IReadOnlyList<uint>? recipients = null) =>
        grains.GetGrain<IUserRecordsGrain>(DirectoryKey.SendsOver(usersPageKey)).AddAsync(new UserRecord(UserRecordKind.FanOutPage, fanOutPageKey, recipients));
}
