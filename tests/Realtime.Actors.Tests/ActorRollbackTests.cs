using Realtime.Actors.Persistence;
using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;
using Realtime.Testing;

namespace Realtime.Actors.Tests;

/// <summary>TurnRollback.CopyBeforeTurn: a turn that mutates its state in place and then throws is rolled back.</summary>
public sealed class ActorRollbackTests
{
    [Fact]
    public async Task AskAsync_TurnMutatesInPlaceThenThrows_RollsBackAndThePartialStateIsNeverSaved()
    {
        var behavior = new TallyBehavior();
        await using var host = NewHost(behavior, out _);
        var changes = new Changes();
        host.Subscribe(changes);
        await host.StartAsync();
        await host.Runtime.AskAsync("t", new TallyMessage(5));

        var error = await Assert.ThrowsAsync<ActorTurnException>(() => host.Runtime.AskAsync("t", new TallyMessage(1000, ThrowAfterChanging: true)).AsTask());
        var (total, entries) = await host.Runtime.ReadAsync("t", s => (s.Total, s.Entries.ToArray())).Within(() => "actor tally/t: expected a read after the failed turn");

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(5, total);
        Assert.Equal([5L], entries);
        Assert.True(host.Runtime.TryGetView("t", out var view) && view == 5, $"actor tally/t: expected the view of total 5, got {view}");
        Assert.Equal(6, await host.Runtime.AskAsync("t", new TallyMessage(1)));
        await host.Runtime.FlushAsync();
        var stored = behavior.Deserialize("t", host.Storage.Peek(new ActorId("tally", "t"))!.Payload.Span);
        Assert.Equal(6, stored.Total);
        Assert.Equal([5L, 1L], stored.Entries);
        Assert.Equal([5L, 6L], changes.Values);
    }

    [Fact]
    public async Task AskAsync_FailuresOnSeveralActorsOfOneWorker_EachKeepsItsOwnStateAndCopiesReuseOneSpare()
    {
        var behavior = new TallyBehavior();
        await using var host = NewHost(behavior, out _);
        await host.StartAsync();

        await host.Runtime.AskAsync("a", new TallyMessage(1));
        await Assert.ThrowsAsync<ActorTurnException>(() => host.Runtime.AskAsync("a", new TallyMessage(100, ThrowAfterChanging: true)).AsTask());
        await host.Runtime.AskAsync("b", new TallyMessage(10));
        await Assert.ThrowsAsync<ActorTurnException>(() => host.Runtime.AskAsync("b", new TallyMessage(100, ThrowAfterChanging: true)).AsTask());
        await host.Runtime.AskAsync("a", new TallyMessage(2));
        await host.Runtime.AskAsync("b", new TallyMessage(20));

        Assert.Equal("3: 1, 2", await host.Runtime.ReadAsync("a", s => $"{s.Total}: {string.Join(", ", s.Entries)}"));
        Assert.Equal("30: 10, 20", await host.Runtime.ReadAsync("b", s => $"{s.Total}: {string.Join(", ", s.Entries)}"));
        Assert.True(behavior.NewCopies == 1, $"expected the worker to reuse one spare state for every copy; {behavior.NewCopies} were allocated");
    }

    [Fact]
    public async Task DueTime_WakeMutatesInPlaceThenThrows_RollsBackAndKeepsTheDueTime()
    {
        var behavior = new TallyBehavior { WakeThrows = true };
        await using var host = NewHost(behavior, out var clock);
        await host.StartAsync();
        var due = clock.GetUtcNow().AddMinutes(1);
        await host.Runtime.AskAsync("w", new TallyMessage(1, Due: due));

        clock.Advance(TimeSpan.FromMinutes(1));
        await host.Lifecycle.WaitForAsync(e => e.Kind == ActorLifecycleEventKind.TurnFailed && e.Id.Key == "w")
            .Within(() => "actor tally/w: expected its wake-up to fail");

        var (entries, stillDue) = await host.Runtime.ReadAsync("w", s => (s.Entries.ToArray(), s.Due));
        Assert.Equal([1L], entries);
        Assert.Equal(due, stillDue);
    }

    private static ActorTestHost<TallyState, TallyMessage, long, long, long> NewHost(TallyBehavior behavior, out FakeTimeProvider clock)
    {
        clock = new FakeTimeProvider();
        return new ActorTestHost<TallyState, TallyMessage, long, long, long>(behavior, clock, () => new ActorRuntimeOptions { Shards = 1 });
    }

    private sealed class Changes : IActorChangeSink<long>
    {
        private readonly Lock _gate = new();
        private readonly List<long> _values = [];

        public long[] Values
        {
            get
            {
                lock (_gate)
                {
                    return [.. _values];
                }
            }
        }

        public void OnChanges(ReadOnlySpan<ActorChange<long>> changes)
        {
            lock (_gate)
            {
                foreach (var change in changes)
                {
                    _values.Add(change.Change);
                }
            }
        }
    }
}
