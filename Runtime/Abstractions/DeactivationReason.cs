namespace Notifications.Runtime;

public enum DeactivationReasonCode
{
    None,
    ActivationIdle,
    ApplicationRequested,
    ShuttingDown,
    ActivationFailed,
    PartitionLost,
}

public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description);
