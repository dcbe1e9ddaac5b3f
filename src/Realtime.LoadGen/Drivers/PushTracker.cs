using System.Collections.Concurrent;
using Realtime.LoadGen.Stats;
using Realtime.LoadGen.Workload;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// Push latency bookkeeping. When a batch is written to its stream, each customer whose first activity is in it
/// (<see cref="GeneratedBatch.FirstActive"/>: the first event other than traits, or an anonymous visitor identifying) is
/// stamped with that moment; the first membership change pushed for that customer afterwards records
/// (arrival − stamp) and clears the stamp. So a figure is "batch carrying a customer's first activity sent → first
/// pushed membership change of that customer": the entry into <c>active_90d</c> that this event causes. (Stamping the
/// traits event instead measured the wait for the customer's next event: traits enter no segment.) Stamps older than
/// <see cref="Expiry"/> (customers who entered no segment) are dropped; at most 1M are kept.
/// </summary>
public sealed class PushTracker(RunStats stats, TimeProvider time)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(10);
    private const int MaxWaiting = 1_000_000;

    private readonly ConcurrentDictionary<string, long> _waiting = new(StringComparer.Ordinal);

    public bool Enabled { get; set; }

    public int Waiting => _waiting.Count;

    public void Sent(IReadOnlyList<int> newlyKnown, long sentAt)
    {
        if (!Enabled)
        {
            return;
        }

        foreach (var customer in newlyKnown)
        {
            if (_waiting.Count >= MaxWaiting)
            {
                break;
            }

            _waiting.TryAdd(CustomerModel.CustomerId(customer), sentAt);
        }
    }

    /// <param name="customerId">Whose membership changed.</param>
    /// <param name="madeAt">The change's <c>at</c>: the server's clock at the turn that made it.</param>
    public void Changed(string customerId, DateTimeOffset madeAt)
    {
        stats.MembershipChanged();
        stats.WatchDelivery.RecordElapsed(TimeSpan.FromTicks(Math.Max(0, (time.GetUtcNow() - madeAt).Ticks)));
        if (_waiting.TryRemove(customerId, out var sentAt))
        {
            stats.Push.RecordElapsed(time.GetElapsedTime(sentAt));
        }
    }

    /// <summary>Drops every stamp (the watch reconnected: a change in the gap was missed).</summary>
    public void Clear() => _waiting.Clear();

    public void Expire()
    {
        var oldest = time.GetTimestamp() - (long)(Expiry.TotalSeconds * time.TimestampFrequency);
        foreach (var (customer, sentAt) in _waiting)
        {
            if (sentAt < oldest)
            {
                _waiting.TryRemove(customer, out _);
            }
        }
    }
}
