namespace Notifications.Grains;

/// <summary>
/// How much one user may hold, whatever the number of updates it took to get there: each update is checked at the front
/// door, but attributes and preferences merge over updates, and a user grown without bound is a weight on every send.
/// </summary>
public static class UserLimits
{
    public const int MaxAttributes = 100;
    public const int MaxAttributeCharacters = 16_384;
    public const int MaxCategories = 256;
}
