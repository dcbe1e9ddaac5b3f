using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Grpc.Server;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;
using Realtime.Grpc.Tests.Wire;
using Xunit.Abstractions;

namespace Realtime.Grpc.Tests.Performance;

/// <summary>Tests that count the whole process's allocations: they run alone, after every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "runs alone";
}

/// <summary>
/// "Hot path: no per-message allocations beyond the message itself", counted with <see cref="GC.GetTotalAllocatedBytes"/>
/// over many messages. The code before ValueTask and pooled state machines allocated 160 bytes more per message when the
/// request had to be waited for, and 144 more when a response flush had to wait; the slack is far below either.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class HotPathAllocationTests(GrpcTestServer server, ITestOutputHelper output) : IClassFixture<GrpcTestServer>
{
    // Room for what is not per message but lands in the window: Kestrel's 1 s heartbeat, timers, tiered JIT's
    // background work. One async state machine box per message is several times more.
    private const double SlackBytesPerMessage = 16;

    // Each figure is the least of a few rounds: something else in the process (a thread pool thread starting, the host
    // settling) can land in one round, while an allocation per message shows in every round.
    private const int Rounds = 3;

    /// <summary>
    /// A bidi call in lock step through Kestrel, the request reader, the handler and the response writer: the server
    /// waits for every request (as TrackStream does between batches). The client (<see cref="BlockingHttp2Call"/>)
    /// allocates nothing per message, so what is counted is the server's; the same traffic against a bare Kestrel echo
    /// (<see cref="ServerProbes.BareEchoPath"/>) is what Kestrel itself allocates (nothing, for small messages).
    /// </summary>
    [Fact]
    public void BidiEchoThroughKestrel_AllocatesNothingPerMessageBeyondTheMessage()
    {
        const int Messages = 5_000;
        var framed = RawGrpc.Frame(new Payload());
        using var bare = new BlockingHttp2Call(server.GrpcPort, ServerProbes.BareEchoPath, framed);
        using var call = new BlockingHttp2Call(server.GrpcPort, "/realtime.testing.v1.ProbeService/Echo", framed);

        // Warm-up as long as a measured round: JIT tiers, pools, HTTP/2 windows. Then the two alternate.
        LockStep(bare, Messages);
        LockStep(call, Messages);
        double kestrel = double.MaxValue, grpc = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            kestrel = Math.Min(kestrel, AllocatedPerMessage(() => LockStep(bare, Messages), Messages));
            grpc = Math.Min(grpc, AllocatedPerMessage(() => LockStep(call, Messages), Messages));
        }

        bare.CompleteAndWaitForTrailers();
        call.CompleteAndWaitForTrailers();
        var message = BytesToParse(framed.AsMemory(5));

        output.WriteLine($"bytes allocated per echoed message over {Messages:N0}: gRPC {grpc:F1}, bare Kestrel {kestrel:F1}, " +
            $"the message itself {message:F1}; the gRPC layer beyond the message: {grpc - kestrel - message:F1}");
        Assert.True(grpc <= kestrel + message + SlackBytesPerMessage,
            $"The server allocated {grpc:F1} bytes per message: Kestrel alone {kestrel:F1}, the message {message:F1}, slack {SlackBytesPerMessage}.");
    }

    /// <summary>
    /// The same reader and writer over pipes the test drives itself, so that every wait happens on every message:
    /// the request arrives in two halves (the reader waits before it and inside it) and every response flush waits until
    /// the test reads the response (Kestrel does this above 64 KiB, when the client is slow, and then allocates a little
    /// itself, more or less depending on timing, which is why this path is not counted through Kestrel).
    /// </summary>
    [Fact]
    public async Task ReaderAndWriter_WhenEveryReadAndFlushWaits_AllocateNothingPerMessageBeyondTheMessage()
    {
        const int Messages = 10_000;
        var framed = RawGrpc.Frame(new Payload { Body = ByteString.CopyFrom(new byte[1_000]) });

        // Inline schedulers: each continuation runs at once on this thread, so every step below is deterministic.
        var requests = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var responses = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: 1, resumeWriterThreshold: 1, useSynchronizationContext: false));
        using var aborted = new CancellationTokenSource();
        var http = new DefaultHttpContext { RequestAborted = aborted.Token };
        http.Features.Set<IRequestBodyPipeFeature>(new PipeRequestBody(requests.Reader));
        http.Features.Set<IHttpResponseBodyFeature>(new PipeResponseBody(responses.Writer));
        using var context = new ServerCallContext(http, "/realtime.testing.v1.ProbeService/Echo", new GrpcServerOptions(), null, null, TimeProvider.System);
        var reader = new RequestStreamReader<Payload>(context, Payload.Parser);
        var writer = new ResponseStreamWriter<Payload>(context);

        async ValueTask EchoAsync(int messages)
        {
            for (var i = 0; i < messages; i++)
            {
                var next = reader.MoveNext(context.CancellationToken);
                Assert.False(next.IsCompleted);
                requests.Writer.Write(framed.AsSpan(0, 100));
                await requests.Writer.FlushAsync();
                Assert.False(next.IsCompleted);
                requests.Writer.Write(framed.AsSpan(100));
                await requests.Writer.FlushAsync();
                Assert.True(next.IsCompleted);
                Assert.True(await next);

                var write = writer.WriteAsync(reader.Current, context.CancellationToken);
                Assert.False(write.IsCompleted);
                var read = await responses.Reader.ReadAsync();
                responses.Reader.AdvanceTo(read.Buffer.End);
                Assert.True(write.IsCompleted);
                await write;
            }
        }

        // Off xunit's synchronization context, which would queue the continuations instead of letting them run inline.
        var perMessage = await Task.Run(async () =>
        {
            await EchoAsync(Messages);
            var least = double.MaxValue;
            for (var round = 0; round < Rounds; round++)
            {
                var before = GC.GetTotalAllocatedBytes(precise: true);
                await EchoAsync(Messages);
                least = Math.Min(least, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Messages);
            }

            return least;
        });
        var message = BytesToParse(framed.AsMemory(5));

        output.WriteLine($"bytes allocated per message read and written, every read and flush waiting: {perMessage:F1}, the message itself {message:F1}");
        Assert.True(perMessage <= message + SlackBytesPerMessage,
            $"Reading and writing allocated {perMessage:F1} bytes per message; the message itself is {message:F1} (slack {SlackBytesPerMessage}).");
    }

    private static double AllocatedPerMessage(Action run, int messages)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        run();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)messages;
    }

    private static void LockStep(BlockingHttp2Call call, int messages)
    {
        for (var i = 0; i < messages; i++)
        {
            call.Send();
            call.ReceiveEchoes(1);
        }
    }

    /// <summary>What parsing the request allocates (the message and its fields): the part that is the message itself.</summary>
    private static double BytesToParse(ReadOnlyMemory<byte> payload)
    {
        var sequence = new ReadOnlySequence<byte>(payload);
        Payload.Parser.ParseFrom(sequence);
        const int Parses = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Parses; i++)
        {
            Payload.Parser.ParseFrom(sequence);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Parses;
    }

    private sealed class PipeRequestBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    private sealed class PipeResponseBody(PipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream => writer.AsStream();

        public PipeWriter Writer => writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task CompleteAsync() => writer.CompleteAsync().AsTask();
    }
}
