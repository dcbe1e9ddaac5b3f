using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Realtime.LoadGen.Options;

namespace Realtime.LoadGen.Baseline;

/// <summary>Options of <c>baseline-sql</c>: the same workload scored by per-event SQL statements in PostgreSQL.</summary>
public sealed partial record SqlBaselineOptions
{
    public string? Postgres { get; init; }
    public string Schema { get; init; } = "loadgen_baseline";
    public int Customers { get; init; } = 100_000;
    public int Seed { get; init; } = 1;
    public double Rate { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public int Connections { get; init; } = 8;
    public double LookupsPerSec { get; init; } = 5_000;
    public string? JsonFile { get; init; }
    public string? RunId { get; init; }
    public bool Quiet { get; init; }
    public bool Help { get; init; }

    private static readonly (string Name, string Value, string Default, string Help)[] Table =
    [
        ("--postgres", "CONNSTRING", "required", "Npgsql connection string, e.g. \"Host=127.0.0.1;Port=5432;Database=db;Username=u;Password=p\""),
        ("--schema", "NAME", "loadgen_baseline", "schema of the baseline table; its customer_scores table is DROPPED and created again"),
        ("--customers", "N", "100000", $"synthetic customers, 1..{LoadGenOptions.MaxCustomers:N0}"),
        ("--seed", "N", "1", "seed of the workload (the same generator as the gRPC load)"),
        ("--rate", "EVENTS_PER_SEC", "0", "target event rate over all connections; 0 = flat out"),
        ("--duration", "TIME", "30s", "how long to run: 500ms, 20s, 2m"),
        ("--connections", "N", "8", "concurrent writer connections, one statement per event each (autocommit), 1..256"),
        ("--lookups-per-sec", "N", "5000", "SELECT by customer id / email / phone per second (open loop), 0 = none"),
        ("--json", "FILE", "none", "write the summary as JSON to FILE"),
        ("--run-id", "ID", "random", "prefix of event and order ids"),
        ("--quiet", "", "off", "no progress line"),
        ("--help", "", "", "this text"),
    ];

    public static string HelpText()
    {
        var text = new StringBuilder();
        text.AppendLine("Realtime.LoadGen baseline-sql: what a user would otherwise build. The load generator's events, each scored");
        text.AppendLine("by one SQL upsert in PostgreSQL (score capped at 100, grade, counters; autocommit, synchronous_commit as the");
        text.AppendLine("server has it), with lookups by customer id, email or phone at a set rate while it runs.");
        text.AppendLine();
        text.AppendLine("usage: Realtime.LoadGen baseline-sql --postgres CONNSTRING [options]");
        text.AppendLine();
        ArgumentParser.AppendOptions(text, Table);
        return text.ToString();
    }

    /// <exception cref="ArgumentException">An unknown option, a bad value, or no --postgres; the message names the option.</exception>
    public static SqlBaselineOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SqlBaselineOptions();
        foreach (var (arg, value) in ArgumentParser.Pairs(args, flags: ["--help", "-h", "--quiet"]))
        {
            options = arg switch
            {
                "--help" or "-h" => options with { Help = true },
                "--quiet" => options with { Quiet = value is null || ArgumentParser.Bool(arg, value) },
                "--postgres" => options with { Postgres = ArgumentParser.NonEmpty(arg, value!) },
                "--schema" => options with { Schema = SchemaName(arg, value!) },
                "--customers" => options with { Customers = ArgumentParser.Int(arg, value!, 1, LoadGenOptions.MaxCustomers) },
                "--seed" => options with { Seed = ArgumentParser.Int(arg, value!, int.MinValue, int.MaxValue) },
                "--rate" => options with { Rate = ArgumentParser.NonNegative(arg, value!) },
                "--duration" => options with { Duration = ArgumentParser.Duration(arg, value!) },
                "--connections" => options with { Connections = ArgumentParser.Int(arg, value!, 1, 256) },
                "--lookups-per-sec" => options with { LookupsPerSec = ArgumentParser.NonNegative(arg, value!) },
                "--json" => options with { JsonFile = ArgumentParser.NonEmpty(arg, value!) },
                "--run-id" => options with { RunId = ArgumentParser.NonEmpty(arg, value!) },
                _ => throw new ArgumentException($"unknown option '{arg}' for baseline-sql (see baseline-sql --help)"),
            };
        }

        if (!options.Help && options.Postgres is null)
        {
            throw new ArgumentException("baseline-sql needs --postgres CONNSTRING (an Npgsql connection string)");
        }

        return options;
    }

    private static string SchemaName(string name, string value) =>
        Identifier().IsMatch(value) ? value : throw new ArgumentException($"{name} must be a lower-case SQL identifier (a-z, 0-9, _; at most 63), got '{value}'");

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
