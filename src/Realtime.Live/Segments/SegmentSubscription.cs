using System.Threading.Channels;
using Realtime.Contracts.V1;

namespace Realtime.Live.Segments;

/// <summary>One <see cref="LiveFeed.SubscribeSegments"/> reader: its filter and its bounded queue.</summary>
internal sealed class SegmentSubscription
{
    private readonly Channel<SegmentUpdate> _updates;
    private readonly HashSet<string>? _segmentIds;
    private readonly bool _includeMembershipChanges;
    private volatile bool _snapshotSent;

    public SegmentSubscription(WatchSegmentsRequest request, int capacity)
    {
        _updates = System.Threading.Channels.Channel.CreateBounded<SegmentUpdate>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _segmentIds = request.SegmentIds.Count == 0 ? null : new HashSet<string>(request.SegmentIds, StringComparer.Ordinal);
        _includeMembershipChanges = request.IncludeMembershipChanges;
    }

    public ChannelReader<SegmentUpdate> Reader => _updates.Reader;

    public bool SnapshotSent => _snapshotSent;

    public CancellationTokenRegistration CancellationRegistration { get; set; }

    public bool Wants(string segmentId) => _segmentIds is null || _segmentIds.Contains(segmentId);

    /// <summary>False when the queue is full. Changes before the snapshot are skipped: the snapshot includes them.</summary>
    public bool TryWriteChange(MembershipChange change)
    {
        if (!_includeMembershipChanges || !_snapshotSent || !Wants(change.SegmentId))
        {
            return true;
        }

        return _updates.Writer.TryWrite(new SegmentUpdate { Change = change });
    }

    /// <summary>Sends the snapshot, filtered to the segments asked for. Called by the push loop only.</summary>
    public bool TryWriteSnapshot(ListSegmentsResponse all)
    {
        var snapshot = all;
        if (_segmentIds is not null)
        {
            snapshot = new ListSegmentsResponse
            {
                RulesetVersion = all.RulesetVersion,
                Customers = all.Customers,
                AsOf = all.AsOf,
            };
            snapshot.Segments.AddRange(all.Segments.Where(s => _segmentIds.Contains(s.Id)));
            snapshot.Flows.AddRange(all.Flows.Where(f => _segmentIds.Contains(f.From) || _segmentIds.Contains(f.To)));
        }

        _snapshotSent = _updates.Writer.TryWrite(new SegmentUpdate { Snapshot = snapshot });
        return _snapshotSent;
    }

    public bool TryWriteStats(SegmentStats stats) => !Wants(stats.Id) || _updates.Writer.TryWrite(new SegmentUpdate { Stats = stats });

    public void Complete(Exception? error)
    {
        _updates.Writer.TryComplete(error);
        CancellationRegistration.Dispose();
    }
}
