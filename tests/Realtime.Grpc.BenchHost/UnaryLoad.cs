using System.Diagnostics;
using Google.Protobuf.Reflection;
using Realtime.Grpc.Client;

namespace Realtime.Grpc.BenchHost;

/// <summary>Unary calls through the .NET client, many concurrent calls over the channel's connections.</summary>
internal static class UnaryLoad
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var method = Method<Chunk, Chunk>.FromDescriptor(
            BenchReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Bench").FindMethodByName("Unary"));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{options.Int("port", 0)}");
        var calls = options.Int("calls", 64);

        await RunAsync(channel, method, calls, TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();
        var completed = await RunAsync(channel, method, calls, TimeSpan.FromSeconds(options.Int("seconds", 5)));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{options.String("label", "grpc (Realtime.Grpc)")} unary calls (.NET client): {completed} in {seconds:F2} s = {completed / seconds:F0} calls/s ({calls} concurrent)");
        return 0;
    }

    private static async Task<long> RunAsync(GrpcChannel channel, Method<Chunk, Chunk> method, int calls, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var request = new Chunk();
        var counts = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(async () =>
        {
            long done = 0;
            while (!stop.IsCancellationRequested)
            {
                await channel.UnaryAsync(method, request);
                done++;
            }

            return done;
        })));
        return counts.Sum();
    }
}
