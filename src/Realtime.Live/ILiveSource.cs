using Realtime.Contracts.V1;

namespace Realtime.Live;

/// <summary>
/// What the live push reads from the server. Implemented by the server (over its aggregates and actors) and registered
/// as a singleton; Realtime.Live never sees the server's internals.
/// </summary>
public interface ILiveSource
{
    /// <summary>
    /// The current segment statistics: sizes, score mean and standard deviation, the segment × grade × stage matrix,
    /// warnings and flows. Called once per push interval (default 50 ms) while anyone listens, and every 10 s otherwise (the
    /// segment-size history goes on), from one thread at a time;
    /// it must be cheap (read maintained aggregates, never scan customers). The result is not kept beyond the next call
    /// and may be a fresh object each time.
    /// </summary>
    ListSegmentsResponse CaptureSegments(DateTimeOffset now);

    /// <summary>Cheap counters read once per push interval, together with <see cref="CaptureSegments"/>.</summary>
    LiveCounters CaptureCounters(DateTimeOffset now);

    /// <summary>
    /// The customer's current view, for dashboard clients that watch the customer; <see langword="null"/> when unknown
    /// or erased. Called at most once per push interval per changed, watched customer.
    /// </summary>
    ValueTask<CustomerView?> GetCustomerAsync(string customerId, CancellationToken cancellationToken);
}
