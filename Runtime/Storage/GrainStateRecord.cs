namespace Notifications.Runtime;

public sealed record GrainStateRecord(byte[] Data, string Etag);
