using Xunit;

namespace Realtime.Testing;

/// <summary>
/// Finds an external tool a test needs (python3 with grpcio, node, psql, chromium...). Locally a missing tool
/// skips nothing silently: the test fails with a message that says how to install it, and under CI=true it
/// always fails.
/// </summary>
public static class RequiredTool
{
    public static bool RunningInCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of the first candidate that exists, or fails the test with <paramref name="howToInstall"/>.</summary>
    public static string Find(string name, string howToInstall, params string[] candidates)
    {
        foreach (var candidate in candidates.Length == 0 ? [name] : candidates)
        {
            if (Path.IsPathRooted(candidate))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                continue;
            }

            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.Combine(dir, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        Assert.Fail($"The test needs '{name}', which was not found{(RunningInCi ? " (CI=true: a missing tool is a failure)" : "")}. {howToInstall}");
        return null!;
    }

    /// <summary>
    /// Node and one of the repository's npm folders (e.g. <c>tests/live/node</c>) with <paramref name="package"/>
    /// installed, or a failure that says how to get them (a missing one is never a skip).
    /// </summary>
    public static (string Node, string Folder) NodeProject(string folder, string package)
    {
        var node = Find("node", "Install Node.js 20 or later (Debian: apt-get install nodejs npm).", "node");
        var path = Path.Combine([RepoRoot, .. folder.Split('/')]);
        Assert.True(Directory.Exists(Path.Combine([path, "node_modules", .. package.Split('/')])),
            $"npm package {package} is not installed in {path}{(RunningInCi ? " (CI=true)" : "")}: run `npm ci` there (tests/run.sh does it for every folder with a package-lock.json).");
        return (node, path);
    }

    /// <summary>The repository root (the folder holding Realtime.sln), found from the test's output folder.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Realtime.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException($"Realtime.sln not found above {AppContext.BaseDirectory}.");
        }
    }
}
