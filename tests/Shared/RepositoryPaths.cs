namespace Notifications.Testing;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder above the test's own that holds tools/package.json.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tools", "package.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with tools/package.json) is not above the test's folder.");
    }

    /// <summary>A Node.js script of a server that test.sh installs into tools/node_modules.</summary>
    public static string ToolScript(string package, params string[] path)
    {
        var script = Path.Combine([Root(), "tools", "node_modules", package, .. path]);
        return File.Exists(script) ? script : throw new InvalidOperationException($"{package} is not installed at {script}; ./test.sh installs it (cd tools && npm ci).");
    }
}
