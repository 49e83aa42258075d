namespace Notifications.Silo;

/// <summary>
/// Marks an endpoint that reads its body as a stream, a bounded piece at a time, for as long as it runs (a user import):
/// it is not counted against the tenant's allowance of bodies in progress (<see cref="TenantRequestAllowance"/>).
/// </summary>
internal sealed class StreamedBody
{
    public static readonly StreamedBody Instance = new();
}
