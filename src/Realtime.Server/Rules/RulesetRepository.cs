using System.Globalization;
using System.Text.Json;

namespace Realtime.Server.Rules;

/// <summary>
/// Every published ruleset version, as files under <c>{DataDir}/rulesets</c>: <c>000007.yaml</c> holds the
/// document, <c>000007.json</c> who published it, when and why. The highest version is the active one. Files are
/// written to a temporary name and renamed, so a crash never leaves half a version.
/// </summary>
public sealed class RulesetRepository(string dataDir)
{
    private readonly string _folder = Path.Combine(dataDir, "rulesets");

    public sealed record Entry(long Version, string Yaml, DateTimeOffset PublishedAt, string PublishedBy, string Comment);

    private sealed record Meta(DateTimeOffset PublishedAt, string PublishedBy, string Comment);

    public Entry? ReadLatest() => ListVersions().Select(Read).LastOrDefault();

    public Entry? Read(long version)
    {
        var yamlPath = PathOf(version, "yaml");
        if (!File.Exists(yamlPath))
        {
            return null;
        }

        var meta = JsonSerializer.Deserialize<Meta>(File.ReadAllText(PathOf(version, "json"))) ?? new Meta(default, "", "");
        return new Entry(version, File.ReadAllText(yamlPath), meta.PublishedAt, meta.PublishedBy, meta.Comment);
    }

    public void Write(Entry entry)
    {
        Directory.CreateDirectory(_folder);
        WriteAtomically(PathOf(entry.Version, "json"), JsonSerializer.Serialize(new Meta(entry.PublishedAt, entry.PublishedBy, entry.Comment)));
        WriteAtomically(PathOf(entry.Version, "yaml"), entry.Yaml);
    }

    private IEnumerable<long> ListVersions() =>
        !Directory.Exists(_folder)
            ? []
            : Directory.EnumerateFiles(_folder, "*.yaml")
                .Select(p => long.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Where(v => v > 0)
                .Order();

    private string PathOf(long version, string extension) =>
        Path.Combine(_folder, version.ToString("D6", CultureInfo.InvariantCulture) + "." + extension);

    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
