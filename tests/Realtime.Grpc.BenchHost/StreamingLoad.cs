using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Realtime.Grpc.Client;

namespace Realtime.Grpc.BenchHost;

/// <summary>Bidi echo through the .NET client: each call keeps a window of messages in flight; counts echoed messages.</summary>
internal static class StreamingLoad
{
    private const int Window = 256;

    public static async Task<int> RunAsync(CommandLine options)
    {
        var method = Method<Chunk, Chunk>.FromDescriptor(
            BenchReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Bench").FindMethodByName("Echo"));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{options.Int("port", 0)}");
        var chunk = new Chunk { Data = ByteString.CopyFrom(new byte[options.Int("size", 64)]) };
        var duration = TimeSpan.FromSeconds(options.Int("seconds", 5));

        // Warm-up, then the measured run.
        await RunCallsAsync(channel, method, chunk, options.Int("calls", 4), TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();
        var echoed = await RunCallsAsync(channel, method, chunk, options.Int("calls", 4), duration);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{options.String("label", "grpc (Realtime.Grpc)")} streamed messages echoed: {echoed} in {seconds:F2} s = {echoed / seconds:F0} messages/s ({options.Int("calls", 4)} bidi calls, {chunk.CalculateSize()}-byte messages, window {Window}, .NET client)");
        return 0;
    }

    private static async Task<long> RunCallsAsync(GrpcChannel channel, Method<Chunk, Chunk> method, Chunk chunk, int calls, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(() => RunCallAsync(channel, method, chunk, stop.Token))));
        return results.Sum();
    }

    private static async Task<long> RunCallAsync(GrpcChannel channel, Method<Chunk, Chunk> method, Chunk chunk, CancellationToken stop)
    {
        using var call = channel.DuplexStreaming(method);
        using var window = new SemaphoreSlim(Window);
        var writer = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await window.WaitAsync(stop);
                    await call.RequestStream.WriteAsync(chunk);
                }
            }
            catch (OperationCanceledException)
            {
            }

            await call.RequestStream.CompleteAsync();
        });
        long echoed = 0;
        while (await call.ResponseStream.MoveNext())
        {
            echoed++;
            window.Release();
        }

        await writer;
        return echoed;
    }
}
