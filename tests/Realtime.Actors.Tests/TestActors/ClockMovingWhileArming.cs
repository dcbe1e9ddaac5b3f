using Realtime.Testing;

namespace Realtime.Actors.Tests.TestActors;

/// <summary>
/// A fake clock that moves while a timer is being armed, as another thread advancing it at that moment would: the
/// next <see cref="ITimer.Change"/> with the chosen due time first advances the clock. Makes the arming race
/// deterministic.
/// </summary>
public sealed class ClockMovingWhileArming(FakeTimeProvider clock) : TimeProvider
{
    private readonly Lock _gate = new();
    private (TimeSpan DueTime, TimeSpan By)? _move;

    public FakeTimeProvider Clock => clock;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override long TimestampFrequency => clock.TimestampFrequency;

    /// <summary>The next timer armed with <paramref name="dueTime"/> sees the clock advance by <paramref name="by"/> while it is armed.</summary>
    public void MoveWhenArming(TimeSpan dueTime, TimeSpan by)
    {
        lock (_gate)
        {
            _move = (dueTime, by);
        }
    }

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new MovingTimer(this, clock.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private void BeforeArming(TimeSpan dueTime)
    {
        TimeSpan by;
        lock (_gate)
        {
            if (_move is not { } move || move.DueTime != dueTime)
            {
                return;
            }

            by = move.By;
            _move = null;
        }

        clock.Advance(by);
    }

    private sealed class MovingTimer(ClockMovingWhileArming owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.BeforeArming(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
