using System.Globalization;
using System.Text.Json;
using Realtime.Storage.Rulesets;

namespace Realtime.Server.Rules;

/// <summary>
/// Reads the rulesets earlier versions kept as files under <c>{DataDir}/rulesets</c> (<c>000007.yaml</c> the
/// document, <c>000007.json</c> who published it, when and why), so that a data folder from before the rulesets
/// table keeps its history: they are imported once, then never read again. Nothing here writes.
/// </summary>
public static class LegacyRulesetFiles
{
    private sealed record Meta(DateTimeOffset PublishedAt, string? PublishedBy, string? Comment);

    public static string FolderOf(string dataDir) => Path.Combine(dataDir, "rulesets");

    /// <summary>Every version found in the folder, oldest first; none when there is no folder.</summary>
    public static IReadOnlyList<StoredRuleset> Read(string dataDir)
    {
        var folder = FolderOf(dataDir);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var versions = new List<StoredRuleset>();
        foreach (var yamlPath in Directory.EnumerateFiles(folder, "*.yaml"))
        {
            // Leftover "*.yaml.tmp" files of an interrupted write do not match; other names are not versions.
            if (!long.TryParse(Path.GetFileNameWithoutExtension(yamlPath), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                continue;
            }

            var metaPath = Path.ChangeExtension(yamlPath, "json");
            var meta = File.Exists(metaPath) ? JsonSerializer.Deserialize<Meta>(File.ReadAllText(metaPath)) : null;
            versions.Add(new StoredRuleset(version, File.ReadAllText(yamlPath), meta?.PublishedAt ?? File.GetLastWriteTimeUtc(yamlPath), meta?.PublishedBy ?? "", meta?.Comment ?? ""));
        }

        return [.. versions.OrderBy(v => v.Version)];
    }
}
