using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace Realtime.Storage.Sql;

/// <summary>
/// The vendor SQL of one feature, read from the embedded file <c>&lt;Vendor&gt;-&lt;Feature&gt;.sql</c>. A file holds
/// named sections, each starting at a line <c>-- name: Xxx</c>; both vendors' files have the same section names,
/// parameters and columns, so the C# code above them is one path.
/// </summary>
internal sealed class SqlScripts
{
    private const string NameMarker = "-- name:";
    private readonly FrozenDictionary<string, string> _sections;

    private SqlScripts(string resourceName, FrozenDictionary<string, string> sections)
    {
        ResourceName = resourceName;
        _sections = sections;
    }

    public string ResourceName { get; }

    public string this[string name] => _sections.TryGetValue(name, out var sql)
        ? sql
        : throw new InvalidOperationException($"Section '{name}' is missing from {ResourceName}.");

    public static SqlScripts Load(StorageVendor vendor, string feature)
    {
        var resourceName = $"Realtime.Storage.Sql.{vendor.FilePrefix()}-{feature}.sql";
        return new SqlScripts(resourceName, Parse(ReadResource(resourceName)).ToFrozenDictionary(StringComparer.Ordinal));
    }

    internal static string ReadResource(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded SQL '{resourceName}' was not found.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static Dictionary<string, string> Parse(string text)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(NameMarker, StringComparison.Ordinal))
            {
                Flush();
                current = trimmed[NameMarker.Length..].Trim();
                continue;
            }

            // Comment lines stay out of the statement text; PRAGMA and DDL lines keep their order.
            if (current is not null && !trimmed.StartsWith("--", StringComparison.Ordinal) && trimmed.Length > 0)
            {
                body.Append(line.TrimEnd()).Append('\n');
            }
        }

        Flush();
        return sections;

        void Flush()
        {
            if (current is not null)
            {
                sections[current] = body.ToString().Trim();
            }

            body.Clear();
        }
    }
}
