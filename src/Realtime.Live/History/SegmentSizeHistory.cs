using Realtime.Contracts.V1;

namespace Realtime.Live.History;

/// <summary>
/// Segment sizes over the last hour (a point per 10 s) and the last day (a point per minute), kept by the dashboard
/// push loop so a freshly opened dashboard shows the past, not only what happened while it was open. Bounded:
/// 360 + 1,440 sizes per segment. Used by one thread at a time.
/// </summary>
internal sealed class SegmentSizeHistory
{
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);

    public SegmentSizeHistory(params (TimeSpan Step, TimeSpan Span)[] resolutions)
    {
        Rings = [.. resolutions.Select(r => new SizeRing(r.Step, r.Span))];
    }

    public static SegmentSizeHistory CreateDefault() =>
        new((TimeSpan.FromSeconds(10), TimeSpan.FromHours(1)), (TimeSpan.FromMinutes(1), TimeSpan.FromHours(24)));

    public IReadOnlyList<SizeRing> Rings { get; }

    /// <summary>Whether a resolution needs a point at <paramref name="now"/> (then capture, then <see cref="Record"/>).</summary>
    public bool IsDue(DateTimeOffset now) => Rings.Any(r => r.IsDue(now));

    /// <summary>Adds a point to each resolution whose step has none yet; the points added go to <paramref name="appended"/>.</summary>
    public void Record(DateTimeOffset now, IEnumerable<SegmentStats> segments, List<SizePoint> appended)
    {
        _sizes.Clear();
        foreach (var stats in segments)
        {
            _sizes[stats.Id] = stats.Size;
        }

        foreach (var ring in Rings)
        {
            if (ring.Record(now, _sizes) is { } at)
            {
                appended.Add(new SizePoint(ring.StepSeconds, at, new Dictionary<string, long>(_sizes, StringComparer.Ordinal)));
            }
        }
    }
}

/// <summary>A point just added to one resolution of the history, pushed to dashboards already holding the rest.</summary>
internal sealed record SizePoint(long StepSeconds, long At, IReadOnlyDictionary<string, long> Sizes);
