namespace Notifications.Runtime;

public readonly record struct GrainStateKey(GrainId GrainId, string StateName, int Partition);
