using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

public sealed class SegmentsWatchTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly Method<WatchSegmentsRequest, SegmentUpdate> Watch =
        Method<WatchSegmentsRequest, SegmentUpdate>.FromDescriptor(SegmentsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Segments").FindMethodByName("Watch"));

    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Watch_EventEntersASegment_WatcherSeesTheChangeAndTheNewSizeAtTheNextPush()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = await WatchFromSnapshotAsync("hiking_shoes_43", cancel.Token);
        var updates = call.ResponseStream;
        var sizeBefore = updates.Current.Snapshot.Segments.Single(s => s.Id == "hiking_shoes_43").Size;

        await _api.TrackAsync(_api.NewEvent("", e =>
        {
            e.AnonymousId = "watched-hiker";
            e.Type = "product_question";
            e.Properties.Add("product", Value.ForString("hiking shoes"));
            e.Properties.Add("size", Value.ForNumber(43));
        }));
        await _api.GetAsync(new CustomerRef { AnonymousId = "watched-hiker" });

        Assert.True(await updates.MoveNext(cancel.Token));
        Assert.Equal(SegmentUpdate.UpdateOneofCase.Change, updates.Current.UpdateCase);
        Assert.Equal(("hiking_shoes_43", true, "~watched-hiker"), (updates.Current.Change.SegmentId, updates.Current.Change.Entered, updates.Current.Change.CustomerId));

        server.Clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(await updates.MoveNext(cancel.Token));
        Assert.Equal(SegmentUpdate.UpdateOneofCase.Stats, updates.Current.UpdateCase);
        Assert.Equal(sizeBefore + 1, updates.Current.Stats.Size);
    }

    // The load generator's Watch latency is stamped on a customer's first activity, not on its traits: this is why.
    [Fact]
    public async Task Watch_TraitsEnterNoSegment_TheFirstActivityMakesTheFirstMembershipChange()
    {
        const string customer = "watch-first-activity";
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = await WatchFromSnapshotAsync("active_90d", cancel.Token);
        var updates = call.ResponseStream;

        await _api.TrackAsync(_api.NewEvent(customer, e => e.Traits = new Traits { Email = "first-activity@example.com", Sector = "software" }));
        await _api.GetAsync(customer);
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var activityAt = server.Clock.GetUtcNow();
        await _api.TrackAsync(_api.NewEvent(customer, e => e.PageView = new PageView { Url = "https://shop.example/books/1", Category = "books" }));
        await _api.GetAsync(customer);

        // Changes of one customer arrive in turn order: had the traits turn entered the segment, its change came first.
        MembershipChange? first = null;
        while (first is null && await updates.MoveNext(cancel.Token))
        {
            if (updates.Current.UpdateCase == SegmentUpdate.UpdateOneofCase.Change && updates.Current.Change.CustomerId == customer)
            {
                first = updates.Current.Change;
            }
        }

        Assert.NotNull(first);
        Assert.Equal(("active_90d", true), (first.SegmentId, first.Entered));
        Assert.Equal(activityAt, first.At.ToDateTimeOffset());
    }

    // Watches one segment with its membership changes and reads the first push, the snapshot.
    private async Task<AsyncServerStreamingCall<SegmentUpdate>> WatchFromSnapshotAsync(string segmentId, CancellationToken cancellationToken)
    {
        var call = server.Channel.ServerStreaming(Watch, new WatchSegmentsRequest { SegmentIds = { segmentId }, IncludeMembershipChanges = true },
            new CallOptions { CancellationToken = cancellationToken });
        await call.ResponseHeadersAsync.WaitAsync(cancellationToken);
        server.Clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken));
        Assert.Equal(SegmentUpdate.UpdateOneofCase.Snapshot, call.ResponseStream.Current.UpdateCase);
        return call;
    }
}
