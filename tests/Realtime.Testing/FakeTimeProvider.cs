namespace Realtime.Testing;

/// <summary>
/// A clock that only moves when a test says so. Timers created from it fire synchronously inside
/// <see cref="Advance"/> / <see cref="SetUtcNow"/>, in due-time order, so tests never sleep.
/// (Microsoft.Extensions.TimeProvider.Testing cannot be restored here.)
/// </summary>
/// <remarks>
/// A sub-second periodic timer (a UI push loop, say) does not replay every missed period when the clock jumps far
/// ahead, just as a real timer after the machine slept: between two one-shot timers (or the jump's end) it fires at
/// its first due instant and at the last period instant before the next one-shot timer. Moving a server's clock by
/// months then stays fast, while one-shot wake-ups and slower periodic timers (scans, checkpoints) still fire at
/// every one of their instants, in order.
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timestamp;

    /// <param name="start">The initial time. The default is 2026-01-01T00:00:00Z.</param>
    public FakeTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The zone reported as local; UTC unless a test sets another.</summary>
    public TimeZoneInfo LocalZone { get; set; } = TimeZoneInfo.Utc;

    public override TimeZoneInfo LocalTimeZone => LocalZone;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _timestamp;
        }
    }

    /// <summary>Moves the clock forward and fires every timer that falls due on the way, at its own instant.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        SetUtcNow(GetUtcNow() + delta);
    }

    /// <summary>Moves the clock to <paramref name="target"/> (never backwards), firing due timers in order.</summary>
    public void SetUtcNow(DateTimeOffset target)
    {
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                if (target < _now)
                {
                    throw new ArgumentOutOfRangeException(nameof(target), $"The fake clock cannot go back from {_now:O} to {target:O}.");
                }

                next = null;
                foreach (var timer in _timers)
                {
                    if (timer.DueAt <= target && (next is null || timer.DueAt < next.DueAt))
                    {
                        next = timer;
                    }
                }

                var moveTo = next?.DueAt ?? target;
                if (moveTo > _now)
                {
                    _timestamp += (moveTo - _now).Ticks;
                    _now = moveTo;
                }

                next?.Reschedule(_now, NextOneShotDue(next, target));
            }

            if (next is null)
            {
                return;
            }

            next.Fire();
        }
    }

    // The bound up to which a periodic timer's missed periods are skipped: the next one-shot timer, or the jump's end.
    private DateTimeOffset NextOneShotDue(FakeTimer periodic, DateTimeOffset target)
    {
        var bound = target;
        foreach (var timer in _timers)
        {
            if (!ReferenceEquals(timer, periodic) && !timer.IsPeriodic && timer.DueAt > _now && timer.DueAt < bound)
            {
                bound = timer.DueAt;
            }
        }

        return bound;
    }

    /// <summary>How many timers are armed; lets a test wait until a component has scheduled its wake-up.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Arm(FakeTimer timer)
    {
        lock (_gate)
        {
            if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }
        }
    }

    private void Disarm(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private static readonly TimeSpan CoalescedPeriods = TimeSpan.FromSeconds(1);
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public bool IsPeriodic => _period != Timeout.InfiniteTimeSpan && _period != TimeSpan.Zero;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                owner.Disarm(this);
                return true;
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
            _period = period;
            DueAt = owner.GetUtcNow() + dueTime;
            owner.Arm(this);
            return true;
        }

        // Called under the owner's lock once the clock has reached DueAt. A periodic timer skips the periods that
        // would fall before `bound` but the last one.
        public void Reschedule(DateTimeOffset now, DateTimeOffset bound)
        {
            if (!IsPeriodic)
            {
                owner._timers.Remove(this);
                return;
            }

            var skipped = _period < CoalescedPeriods ? Math.Max(1, (bound - now).Ticks / _period.Ticks) : 1;
            DueAt = now + TimeSpan.FromTicks(_period.Ticks * skipped);
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
