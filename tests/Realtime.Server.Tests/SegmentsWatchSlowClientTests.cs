using Microsoft.Extensions.Logging;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Grpc.Client;
using Realtime.Server.Tests.Infrastructure;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A Segments.Watch client that stops reading: the server drops it rather than buffer its changes without bound.</summary>
public sealed class SegmentsWatchSlowClientTests : IAsyncLifetime
{
    private const int SubscriptionCapacity = 16;
    private const int SegmentSubscriptionOverflowedEventId = 7005;
    private const int BatchSize = 500;
    private const int MaxBatches = 60;

    private static readonly Method<WatchSegmentsRequest, SegmentUpdate> Watch =
        Method<WatchSegmentsRequest, SegmentUpdate>.FromDescriptor(SegmentsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Segments").FindMethodByName("Watch"));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "realtime-tests", Guid.NewGuid().ToString("N"));
    private readonly LogSignal _overflowed = new(SegmentSubscriptionOverflowedEventId);
    private RunningServer? _server;

    private RunningServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        _server = await RunningServer.StartAsync(_dataDir, _clock,
            arguments: [$"--Realtime:Live:SegmentSubscriptionCapacity={SubscriptionCapacity}"],
            configure: builder => builder.Logging.AddProvider(_overflowed));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left for the temp cleaner.
        }
    }

    [Fact]
    public async Task Watch_ClientStopsReading_EndsWithResourceExhausted_AndWatchingAgainStartsFromAFreshSnapshot()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        // Its own connection: the stalled stream must not hold up the acks of the events below.
        using var watchChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{Server.Endpoints.GrpcPort}");
        var request = new WatchSegmentsRequest { SegmentIds = { "active_90d" }, IncludeMembershipChanges = true };
        using var slow = watchChannel.ServerStreaming(Watch, request, new CallOptions { CancellationToken = cancel.Token });
        await slow.ResponseHeadersAsync.WaitAsync(cancel.Token);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(await slow.ResponseStream.MoveNext(cancel.Token));
        Assert.Equal(SegmentUpdate.UpdateOneofCase.Snapshot, slow.ResponseStream.Current.UpdateCase);

        // Every event's customer enters active_90d; the slow client reads none of it. Past what its queue and the
        // transport's flow-control windows hold, the server must drop it: sent stops at that signal.
        var sent = 0;
        while (!_overflowed.Logged.IsCompleted && sent < MaxBatches * BatchSize)
        {
            var batch = Enumerable.Range(sent, BatchSize).Select(i => Server.Api.NewEvent($"slow-watch-{i}", e => e.PageView = new PageView { Url = "https://shop.example/books/1", Category = "books" }));
            await Server.Api.TrackAsync([.. batch]);
            sent += BatchSize;
        }

        await _overflowed.Logged.WaitAsync(TimeSpan.FromSeconds(60), cancel.Token);

        var received = 0;
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await slow.ResponseStream.MoveNext(cancel.Token))
            {
                Assert.Equal(SegmentUpdate.UpdateOneofCase.Change, slow.ResponseStream.Current.UpdateCase);
                received++;
            }
        });
        Assert.Equal(StatusCode.ResourceExhausted, ended.StatusCode);
        Assert.Contains("fresh snapshot", ended.Detail, StringComparison.Ordinal);
        Assert.True(received < sent, $"the dropped client got {received} of {sent} changes: what was queued for it, not everything");

        using var again = watchChannel.ServerStreaming(Watch, request, new CallOptions { CancellationToken = cancel.Token });
        await again.ResponseHeadersAsync.WaitAsync(cancel.Token);
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(await again.ResponseStream.MoveNext(cancel.Token));
        var snapshot = again.ResponseStream.Current.Snapshot;
        Assert.NotNull(snapshot);
        var size = snapshot.Segments.Single(s => s.Id == "active_90d").Size;
        Assert.True(size > received, $"the fresh snapshot counts {size} members, more than the {received} changes the dropped client saw");
    }
}
