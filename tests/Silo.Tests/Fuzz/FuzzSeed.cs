using System.Globalization;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>
/// The fuzz's randomness: a fixed seed unless NOTIFICATIONS_FUZZ_SEED gives another, and from it one seed per
/// operation and case, so that any single case can be made again from the seed, the operation and the case number.
/// </summary>
public static class FuzzSeed
{
    public const string Variable = "NOTIFICATIONS_FUZZ_SEED";

    private const int Default = 15_2026;

    public static int Current =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : Default;

    /// <summary>A seed for one case that does not depend on the process (string.GetHashCode does).</summary>
    public static int ForCase(int seed, string operation, int number)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var c in $"{operation}#{number}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
