namespace Notifications.Testing;

/// <summary>
/// Figures a test wants seen even when it passes: written to the folder in NOTIFICATIONS_TEST_REPORTS, which the
/// test script prints at the end.
/// </summary>
public static class TestReport
{
    public static void Write(string name, IEnumerable<string> lines)
    {
        var folder = Environment.GetEnvironmentVariable("NOTIFICATIONS_TEST_REPORTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllLines(Path.Combine(folder, $"{name}.txt"), lines);
        }
    }
}
