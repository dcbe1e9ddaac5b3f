using System.Runtime.InteropServices;
using Realtime.LoadGen;
using Realtime.LoadGen.Options;

LoadGenOptions options;
try
{
    options = ArgumentParser.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    await Console.Error.WriteLineAsync("run with --help for the options");
    return 2;
}

if (options.Help)
{
    Console.Write(ArgumentParser.HelpText());
    return 0;
}

using var cancel = new CancellationTokenSource();

// Ctrl+C (SIGINT) and SIGTERM stop cleanly: drivers end, streams drain (bounded), the summary is printed.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var runner = new LoadRunner(options, TimeProvider.System, Console.Out);
var summary = await runner.RunAsync(cancel.Token);
Console.WriteLine();
Console.Write(summary.ToText());
if (options.JsonFile is { } file)
{
    await File.WriteAllTextAsync(file, summary.ToJson(), CancellationToken.None);
    Console.WriteLine($"summary written to {file}");
}

return 0;
