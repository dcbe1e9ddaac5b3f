using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Live.Tests.Infrastructure;

namespace Realtime.Live.Tests;

/// <summary><see cref="LiveFeed.SubscribeSegments"/>: what the server's gRPC Segments.Watch streams.</summary>
public sealed class SegmentSubscriptionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SubscribeSegments_SnapshotThenMembershipChangesThenChangedStatsOnly()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 10);
        host.Source.SetSegment("churn", 3);
        using var stop = new CancellationTokenSource();
        var reader = host.Feed.SubscribeSegments(new WatchSegmentsRequest { IncludeMembershipChanges = true }, stop.Token);

        host.Feed.MembershipChanged(Change("vip", "c0")); // before the snapshot: the snapshot covers it
        host.Push();
        var snapshot = await NextAsync(reader);
        Assert.Equal(SegmentUpdate.UpdateOneofCase.Snapshot, snapshot.UpdateCase);
        Assert.Equal(["vip", "churn"], snapshot.Snapshot.Segments.Select(s => s.Id));

        host.Feed.MembershipChanged(Change("vip", "c1"));
        Assert.Equal("c1", (await NextAsync(reader)).Change.CustomerId);

        host.Source.SetSegment("vip", 11);
        host.Push();
        var stats = await NextAsync(reader);
        Assert.Equal(("vip", 11L), (stats.Stats.Id, stats.Stats.Size));

        await stop.CancelAsync();
        await reader.Completion.WaitAsync(Wait);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public async Task SubscribeSegments_FilteredBySegmentIds()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 10);
        host.Source.SetSegment("churn", 3);
        var reader = host.Feed.SubscribeSegments(new WatchSegmentsRequest { SegmentIds = { "churn" }, IncludeMembershipChanges = true }, CancellationToken.None);
        host.Push();
        Assert.Equal("churn", Assert.Single((await NextAsync(reader)).Snapshot.Segments).Id);

        host.Feed.MembershipChanged(Change("vip", "c1"));
        host.Feed.MembershipChanged(Change("churn", "c2"));
        host.Source.SetSegment("vip", 12);
        host.Source.SetSegment("churn", 4);
        host.Push();

        Assert.Equal("c2", (await NextAsync(reader)).Change.CustomerId);
        var churn = (await NextAsync(reader)).Stats;
        Assert.Equal(("churn", 4L), (churn.Id, churn.Size));
        Assert.False(reader.TryRead(out var extra), $"Unexpected {extra}");
    }

    [Fact]
    public async Task SubscribeSegments_ReaderFallsBehind_EndsWithOverflow()
    {
        await using var host = await LiveTestHost.StartAsync(o => o.SegmentSubscriptionCapacity = 16);
        using var meter = new LiveMeterRecorder(host.App.Services);
        host.Source.SetSegment("vip", 10);
        var reader = host.Feed.SubscribeSegments(new WatchSegmentsRequest { IncludeMembershipChanges = true }, CancellationToken.None);
        host.Push();
        Assert.Equal(SegmentUpdate.UpdateOneofCase.Snapshot, (await NextAsync(reader)).UpdateCase);

        for (var i = 0; i < 20; i++)
        {
            host.Feed.MembershipChanged(Change("vip", $"c{i}"));
        }

        var items = 0;
        using var limit = new CancellationTokenSource(Wait);
        var overflow = await Assert.ThrowsAsync<LiveSubscriptionOverflowException>(async () =>
        {
            await foreach (var _ in reader.ReadAllAsync(limit.Token))
            {
                items++;
            }
        });
        Assert.Equal(16, items); // what fitted in the bounded queue; the rest ended the subscription
        Assert.Contains("watch again", overflow.Message, StringComparison.Ordinal);
        Assert.Equal(1, meter.Sum("realtime.live.clients_dropped", "hub", "segments"));
        Assert.Empty(host.Feed.SegmentSubscriptions);
    }

    private static async Task<SegmentUpdate> NextAsync(ChannelReader<SegmentUpdate> reader) => await reader.ReadAsync().AsTask().WaitAsync(Wait);

    private static MembershipChange Change(string segmentId, string customerId) => new()
    {
        SegmentId = segmentId,
        CustomerId = customerId,
        Entered = true,
        Reason = "rule",
        At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
    };
}
