using Realtime.LoadGen.Stats;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// Bookkeeping of the dashboard push probes. A small set of probe customers (only this run's probes write to them)
/// is watched on the dashboard hub. A probe sends one event to a probe customer that has no probe in flight and
/// stamps the moment it was sent together with the event count the customer must reach; the first pushed
/// <c>customer</c> message for that customer whose view counts at least that many events records
/// (arrival − stamp) and frees the customer for the next probe. A probe with no such push within
/// <see cref="Expiry"/> is counted as missed. Thread-safe.
/// </summary>
public sealed class DashboardProbes
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly LatencyHistogram _latency;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly string[] _ids;
    private readonly long[] _eventsSent;
    private const long Retired = long.MaxValue;

    private readonly long[] _expected;     // 0: no probe in flight; Retired: never probed again
    private readonly long[] _sentAt;
    private int _next;
    private long _missed;
    private long _busy;
    private long _pushes;
    private long _sent;

    public DashboardProbes(string runId, int customers, LatencyHistogram latency, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        _time = time;
        _latency = latency;
        _ids = new string[customers];
        _eventsSent = new long[customers];
        _expected = new long[customers];
        _sentAt = new long[customers];
        for (var i = 0; i < customers; i++)
        {
            _ids[i] = $"probe-{runId}-{i}";
            _index[_ids[i]] = i;
        }
    }

    public IReadOnlyList<string> CustomerIds => _ids;

    /// <summary>Probes whose push never came within <see cref="Expiry"/>.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>Scheduled probes not sent because every probe customer still had one in flight.</summary>
    public long SkippedBusy => Interlocked.Read(ref _busy);

    /// <summary>Probes sent whose push has not come yet.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _expected.Count(e => e != 0 && e != Retired);
            }
        }
    }

    /// <summary><c>customer</c> messages received for probe customers (matched or not).</summary>
    public long Pushes => Interlocked.Read(ref _pushes);

    /// <summary>
    /// Claims the next idle probe customer and stamps the probe as sent now; null when all are busy. The caller
    /// sends the event at once, and calls <see cref="Failed"/> when it could not be sent.
    /// </summary>
    public (string CustomerId, long Sequence)? Begin()
    {
        lock (_lock)
        {
            for (var tried = 0; tried < _ids.Length; tried++)
            {
                var i = _next;
                _next = (_next + 1) % _ids.Length;
                if (_expected[i] != 0)
                {
                    continue;
                }

                var sequence = ++_eventsSent[i];
                _expected[i] = sequence;
                _sentAt[i] = _time.GetTimestamp();
                Interlocked.Increment(ref _sent);
                return (_ids[i], sequence);
            }
        }

        Interlocked.Increment(ref _busy);
        return null;
    }

    /// <summary>
    /// The probe's send failed: whether the event was stored is unknown, so the customer's event count is too and
    /// the customer is retired (never probed again).
    /// </summary>
    public void Failed(string customerId)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(customerId, out var i))
            {
                _expected[i] = Retired;
            }
        }
    }

    /// <summary>A pushed <c>customer</c> message: its customer id and the event count of its view (null view: 0).</summary>
    public void Pushed(string customerId, long events)
    {
        var now = _time.GetTimestamp();
        if (!_index.TryGetValue(customerId, out var i))
        {
            return;
        }

        Interlocked.Increment(ref _pushes);
        lock (_lock)
        {
            if (_expected[i] == 0 || events < _expected[i])
            {
                return;   // no probe in flight, or a push of an earlier state
            }

            _latency.RecordElapsed(_time.GetElapsedTime(_sentAt[i], now));
            _expected[i] = 0;
        }
    }

    /// <summary>Probes sent (each is eventually measured, missed, or its customer retired after a failed send).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The run is over: every probe still in flight is counted as missed.</summary>
    public void GiveUp()
    {
        lock (_lock)
        {
            for (var i = 0; i < _ids.Length; i++)
            {
                if (_expected[i] != 0 && _expected[i] != Retired)
                {
                    _expected[i] = 0;
                    Interlocked.Increment(ref _missed);
                }
            }
        }
    }

    /// <summary>Counts and frees the probes in flight for longer than <see cref="Expiry"/>.</summary>
    public void Expire()
    {
        var oldest = _time.GetTimestamp() - (long)(Expiry.TotalSeconds * _time.TimestampFrequency);
        lock (_lock)
        {
            for (var i = 0; i < _ids.Length; i++)
            {
                if (_expected[i] != 0 && _expected[i] != Retired && _sentAt[i] < oldest)
                {
                    // The event may still be applied later: keep counting it, so a later probe expects one more.
                    _expected[i] = 0;
                    Interlocked.Increment(ref _missed);
                }
            }
        }
    }
}
