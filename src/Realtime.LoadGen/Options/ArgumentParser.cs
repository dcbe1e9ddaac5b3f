using System.Globalization;
using System.Text;

namespace Realtime.LoadGen.Options;

/// <summary>Parses the command line; every error names the option and the value it got.</summary>
public static class ArgumentParser
{
    private static readonly (string Name, string Value, string Default, string Help)[] Table =
    [
        ("--target", "URL", "http://127.0.0.1:5001", "gRPC (h2c) address of the server"),
        ("--customers", "N", "100000", $"synthetic customers, 1..{LoadGenOptions.MaxCustomers:N0}"),
        ("--seed", "N", "1", "seed of the workload: the same seed gives the same events"),
        ("--rate", "EVENTS_PER_SEC", "0", "target ingest rate over all streams; 0 = flat out"),
        ("--duration", "TIME", "30s", "how long to run: 500ms, 20s, 2m (a bare number is seconds)"),
        ("--streams", "N", "4", "concurrent Ingest.TrackStream streams, 1..64"),
        ("--batch", "N", "500", "events per TrackRequest, 1..10000"),
        ("--inflight", "N", "8", "unacknowledged batches per stream, 1..256"),
        ("--lookups-per-sec", "N", "100", "Customers.Get calls per second (open loop); 0 = none"),
        ("--consistent-lookups", "", "off", "lookups read their writes (GetCustomerRequest.consistent)"),
        ("--pressure-per-sec", "N", "20", "ContactPressure.Request calls per second (open loop); 0 = none"),
        ("--touch-all", "", "off", "instead of the mix: one traits event per customer, 0..N-1 in order, then stop (memory per customer, restart)"),
        ("--watch", "", "off", "subscribe to Segments.Watch and measure batch-sent -> membership-change latency"),
        ("--dashboard", "URL", "none", "HTTP address of the server's web port (e.g. http://127.0.0.1:5000): measure event -> SignalR push latency on /hubs/dashboard"),
        ("--push-probes-per-sec", "N", "20", "with --dashboard: probe events per second (a traits event with a new email to a watched probe customer each)"),
        ("--push-probe-customers", "N", "32", "with --dashboard: probe customers watched on the hub, 1..64 (the hub's per-client limit)"),
        ("--json", "FILE", "none", "write the summary as JSON to FILE"),
        ("--server-pid", "PID", "none", "a local server's process id: report its resident memory (from /proc) and its GC pauses (over EventPipe)"),
        ("--run-id", "ID", "random", "prefix of event ids (ids are unique per run)"),
        ("--quiet", "", "off", "no progress line"),
        ("--help", "", "", "this text"),
    ];

    public static string HelpText()
    {
        var text = new StringBuilder();
        text.AppendLine("Realtime.LoadGen: synthetic customers driven over gRPC against a Realtime server.");
        text.AppendLine();
        text.AppendLine("usage: Realtime.LoadGen [options]");
        text.AppendLine();
        AppendOptions(text, Table);
        return text.ToString();
    }

    /// <summary>One help line per option: name and value, what it does, its default.</summary>
    internal static void AppendOptions(StringBuilder text, IEnumerable<(string Name, string Value, string Default, string Help)> table)
    {
        foreach (var (name, value, @default, help) in table)
        {
            var left = value.Length > 0 ? $"{name} {value}" : name;
            var defaultText = @default.Length > 0 ? $" (default: {@default})" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {left,-32} {help}{defaultText}");
        }
    }

    /// <exception cref="ArgumentException">An unknown option or a bad value; the message names the option.</exception>
    public static LoadGenOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadGenOptions();
        foreach (var (arg, value) in Pairs(args, flags: ["--help", "-h", "--consistent-lookups", "--touch-all", "--watch", "--quiet"]))
        {
            options = arg switch
            {
                "--help" or "-h" => options with { Help = true },
                "--target" => options with { Target = Url(arg, value!) },
                "--customers" => options with { Customers = Int(arg, value!, 1, LoadGenOptions.MaxCustomers) },
                "--seed" => options with { Seed = Int(arg, value!, int.MinValue, int.MaxValue) },
                "--rate" => options with { Rate = NonNegative(arg, value!) },
                "--duration" => options with { Duration = Duration(arg, value!) },
                "--streams" => options with { Streams = Int(arg, value!, 1, 64) },
                "--batch" => options with { Batch = Int(arg, value!, 1, 10_000) },
                "--inflight" => options with { InFlight = Int(arg, value!, 1, 256) },
                "--lookups-per-sec" => options with { LookupsPerSec = NonNegative(arg, value!) },
                "--pressure-per-sec" => options with { PressurePerSec = NonNegative(arg, value!) },
                "--consistent-lookups" => options with { ConsistentLookups = value is null || Bool(arg, value) },
                "--touch-all" => options with { TouchAll = value is null || Bool(arg, value) },
                "--watch" => options with { Watch = value is null || Bool(arg, value) },
                "--quiet" => options with { Quiet = value is null || Bool(arg, value) },
                "--dashboard" => options with { Dashboard = Url(arg, value!) },
                "--push-probes-per-sec" => options with { PushProbesPerSec = NonNegative(arg, value!) },
                "--push-probe-customers" => options with { PushProbeCustomers = Int(arg, value!, 1, 64) },
                "--json" => options with { JsonFile = NonEmpty(arg, value!) },
                "--server-pid" => options with { ServerPid = Int(arg, value!, 1, int.MaxValue) },
                "--run-id" => options with { RunId = NonEmpty(arg, value!) },
                _ => throw new ArgumentException($"unknown option '{arg}' (see --help)"),
            };
        }

        return options;
    }

    /// <summary>
    /// The command line as (option, value) pairs: "--name value" or "--name=value"; a flag in <paramref name="flags"/>
    /// takes no value (null) unless written "--flag=value".
    /// </summary>
    internal static IEnumerable<(string Option, string? Value)> Pairs(IReadOnlyList<string> args, IReadOnlyCollection<string> flags)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                yield return (arg[..eq], arg[(eq + 1)..]);
            }
            else if (flags.Contains(arg) || !arg.StartsWith('-'))
            {
                yield return (arg, null);
            }
            else if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{arg} needs a value");
            }
            else
            {
                yield return (arg, args[++i]);
            }
        }
    }

    internal static int Int(string name, string value, int min, int max)
    {
        var ok = int.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n);
        if (!ok || n < min || n > max)
        {
            throw new ArgumentException(min == int.MinValue
                ? $"{name} must be an integer, got '{value}'"
                : $"{name} must be an integer in {min}..{max}, got '{value}'");
        }

        return n;
    }

    internal static double NonNegative(string name, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n) || n < 0)
        {
            throw new ArgumentException($"{name} must be a number ≥ 0, got '{value}'");
        }

        return n;
    }

    internal static bool Bool(string name, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new ArgumentException($"{name} must be true or false, got '{value}'"),
    };

    internal static string NonEmpty(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty") : value;

    private static string Url(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https")
            ? value
            : throw new ArgumentException($"{name} must be an http:// or https:// address, got '{value}'");

    /// <summary>"500ms", "20s", "2m", "1h", or a bare number of seconds; must be positive.</summary>
    public static TimeSpan Duration(string name, string value)
    {
        var text = value.Trim();
        (string number, double unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n) || n <= 0 || n * unit > 7 * 24 * 3600)
        {
            throw new ArgumentException($"{name} must be a positive duration such as 500ms, 20s or 2m, got '{value}'");
        }

        return TimeSpan.FromSeconds(n * unit);
    }
}
