namespace Notifications.Grains;

/// <summary>Critical: OTPs and security alerts; High: transactional; Normal; Low: promotional.</summary>
public enum Priority
{
    Critical,
    High,
    Normal,
    Low,
}
