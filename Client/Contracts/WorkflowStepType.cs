namespace Notifications.Client;

public enum WorkflowStepType
{
    Send,
    Delay,
    Digest,
    Branch,
    Stop,
}
