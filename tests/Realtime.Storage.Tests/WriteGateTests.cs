using Realtime.Testing;

namespace Realtime.Storage.Tests;

public sealed class WriteGateTests
{
    [Fact]
    public async Task OneWriterAtATime_TheNextStartsWhenTheHolderLeaves()
    {
        var gate = new WriteGate(new FakeTimeProvider());
        var first = await gate.EnterAsync(urgent: false, default);
        var second = gate.EnterAsync(urgent: false, default).AsTask();
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second).Dispose();
        var free = gate.EnterAsync(urgent: true, default).AsTask();
        Assert.True(free.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task UrgentAndBackgroundWaiters_TakeTurns_EachKindInArrivalOrder()
    {
        var gate = new WriteGate(new FakeTimeProvider());
        var holder = await gate.EnterAsync(urgent: true, default);
        var order = new List<string>();
        var waiters = new[] { ("u1", true), ("u2", true), ("b1", false), ("u3", true), ("b2", false) }
            .Select(w => (w.Item1, Turn: gate.EnterAsync(w.Item2, default).AsTask()))
            .ToList();

        holder.Dispose();
        while (waiters.Count > 0)
        {
            // One waiter holds the turn at a time (the others cannot complete before it leaves).
            var first = await Task.WhenAny(waiters.Select(w => w.Turn));
            var granted = Assert.Single(waiters, w => w.Turn == first);
            Assert.DoesNotContain(waiters, w => w.Turn != first && w.Turn.IsCompleted);
            order.Add(granted.Item1);
            waiters.Remove(granted);
            (await granted.Turn).Dispose();
        }

        // The holder was urgent, so a background waiter goes next; then they alternate while both kinds wait.
        Assert.Equal(["b1", "u1", "b2", "u2", "u3"], order); // first come first served: u1 u2 b1 u3 b2
    }

    [Fact]
    public async Task WhileBothKindsWait_UrgentWritersGetThreeTimesTheLockTime()
    {
        var clock = new FakeTimeProvider();
        var gate = new WriteGate(clock);
        var holder = await gate.EnterAsync(urgent: false, default);
        var waiters = new[] { ("u1", true), ("u2", true), ("u3", true), ("b1", false), ("u4", true) }
            .Select(w => (w.Item1, Turn: gate.EnterAsync(w.Item2, default).AsTask()))
            .ToList();

        // Every turn holds the lock 30 ms: the background holder's 30 ms buy the urgent kind three turns.
        clock.Advance(TimeSpan.FromMilliseconds(30));
        holder.Dispose();
        var order = new List<string>();
        while (waiters.Count > 0)
        {
            var first = await Task.WhenAny(waiters.Select(w => w.Turn));
            var granted = Assert.Single(waiters, w => w.Turn == first);
            order.Add(granted.Item1);
            waiters.Remove(granted);
            clock.Advance(TimeSpan.FromMilliseconds(30));
            (await granted.Turn).Dispose();
        }

        Assert.Equal(["u1", "u2", "u3", "b1", "u4"], order); // taking turns one each: u1 b1 u2 u3 u4
    }

    [Fact]
    public async Task ACancelledWaiter_IsSkipped_AndTheGateIsFreeAfterwards()
    {
        var gate = new WriteGate(new FakeTimeProvider());
        var holder = await gate.EnterAsync(urgent: false, default);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(urgent: true, cancel.Token).AsTask();
        var next = gate.EnterAsync(urgent: false, default).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        holder.Dispose();
        (await next).Dispose();

        var free = gate.EnterAsync(urgent: false, default).AsTask();
        Assert.True(free.IsCompletedSuccessfully);
    }
}
