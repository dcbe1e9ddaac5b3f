using System.Globalization;

namespace Realtime.Grpc.BenchHost;

internal sealed record CommandLine(string Command, IReadOnlyDictionary<string, string> Values)
{
    public static CommandLine Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new CommandLine(args.Length > 0 ? args[0] : "", values);
    }

    public int Int(string name, int fallback) =>
        Values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => Values.TryGetValue(name, out var value) ? value : fallback;

    public static int Usage()
    {
        Console.Error.WriteLine("usage: serve [--grpc-port N] [--bare-port N] | stream --port N [--seconds S] [--calls C] [--label L] | unary --port N [--seconds S] [--calls C] [--label L]");
        return 2;
    }
}
