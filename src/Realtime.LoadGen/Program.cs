using System.Globalization;
using System.Runtime.InteropServices;
using Realtime.LoadGen;
using Realtime.LoadGen.Baseline;
using Realtime.LoadGen.Drivers;
using Realtime.LoadGen.Options;

using var cancel = new CancellationTokenSource();

// Ctrl+C (SIGINT) and SIGTERM stop cleanly: drivers end, streams drain (bounded), the summary is printed.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

try
{
    return args.Length > 0 && !args[0].StartsWith('-')
        ? args[0] switch
        {
            "baseline-sql" => await BaselineAsync(args[1..]),
            "wait-ready" => await WaitReadyAsync(args[1..]),
            _ => throw new ArgumentException($"unknown command '{args[0]}': the commands are baseline-sql and wait-ready (no command: drive a server)"),
        }
        : await LoadAsync(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    await Console.Error.WriteLineAsync("run with --help for the options");
    return 2;
}

async Task<int> LoadAsync(string[] arguments)
{
    var options = ArgumentParser.Parse(arguments);
    if (options.Help)
    {
        Console.Write(ArgumentParser.HelpText());
        return 0;
    }

    var runner = new LoadRunner(options, TimeProvider.System, Console.Out);
    Realtime.LoadGen.Report.Summary summary;
    try
    {
        summary = await runner.RunAsync(cancel.Token);
    }
    catch (InvalidOperationException ex)
    {
        await Console.Error.WriteLineAsync($"error: {ex.Message}");
        return 1;
    }

    return await PrintAsync(summary.ToText(), summary.ToJson(), options.JsonFile);
}

async Task<int> BaselineAsync(string[] arguments)
{
    var options = SqlBaselineOptions.Parse(arguments);
    if (options.Help)
    {
        Console.Write(SqlBaselineOptions.HelpText());
        return 0;
    }

    SqlBaselineSummary summary;
    try
    {
        summary = await new SqlBaselineRunner(options, TimeProvider.System, Console.Out).RunAsync(cancel.Token);
    }
    catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
    {
        await Console.Error.WriteLineAsync($"error: baseline-sql failed against PostgreSQL: {ex.Message}");
        return 1;
    }

    return await PrintAsync(summary.ToText(), summary.ToJson(), options.JsonFile);
}

async Task<int> WaitReadyAsync(string[] arguments)
{
    string target = "http://127.0.0.1:5001";
    string? customer = null;
    var timeout = TimeSpan.FromSeconds(120);
    foreach (var (option, value) in ArgumentParser.Pairs(arguments, flags: ["--help", "-h"]))
    {
        switch (option)
        {
            case "--help" or "-h":
                Console.WriteLine("usage: Realtime.LoadGen wait-ready [--target URL] [--customer-id ID] [--timeout TIME]");
                Console.WriteLine("  polls until Health/Check is SERVING (and Customers.Get answers for ID), then prints");
                Console.WriteLine("  'ready serving_at_unix_ms=... answered_at_unix_ms=...'; exits 1 at the timeout (default 120s)");
                return 0;
            case "--target":
                target = value!;
                _ = ArgumentParser.Parse(["--target", target]);
                break;
            case "--customer-id":
                customer = ArgumentParser.NonEmpty(option, value!);
                break;
            case "--timeout":
                timeout = ArgumentParser.Duration(option, value!);
                break;
            default:
                throw new ArgumentException($"unknown option '{option}' for wait-ready (see wait-ready --help)");
        }
    }

    var result = await ReadyProbe.WaitAsync(target, customer, timeout, TimeSpan.FromMilliseconds(20), TimeProvider.System, cancel.Token);
    if (!result.Ready)
    {
        await Console.Error.WriteLineAsync($"not ready after {timeout.TotalSeconds:0} s ({result.Attempts} attempts): {result.LastError}");
        return 1;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready serving_at_unix_ms={result.ServingAtUnixMs} answered_at_unix_ms={result.AnsweredAtUnixMs} attempts={result.Attempts}"));
    return 0;
}

// The summary on standard output, and as JSON in a file when one was asked for.
static async Task<int> PrintAsync(string text, string json, string? jsonFile)
{
    Console.WriteLine();
    Console.Write(text);
    if (jsonFile is not null)
    {
        await File.WriteAllTextAsync(jsonFile, json, CancellationToken.None);
        Console.WriteLine($"summary written to {jsonFile}");
    }

    return 0;
}
