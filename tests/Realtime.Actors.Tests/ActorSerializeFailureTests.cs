using System.Diagnostics.Metrics;
using Realtime.Actors.Persistence;
using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;
using Realtime.Testing;

namespace Realtime.Actors.Tests;

/// <summary>A state that cannot be serialized must never be dropped or reported as saved.</summary>
public sealed class ActorSerializeFailureTests
{
    [Fact]
    public async Task SaveTick_SerializeThrowsOnce_ActorStaysDirtyAndTheNextSaveStoresIt()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior, o => o.Shards = 1);
        await host.StartAsync();
        await host.Runtime.AskAsync("once", LedgerMessage.Add(5));
        behavior.SerializeFaults = 1;

        clock.Advance(TimeSpan.FromSeconds(1)); // the save tick: serializing throws
        Assert.Equal(5, await host.Runtime.ReadAsync("once", s => s.Total)); // a barrier: the tick ran before it
        Assert.Equal(0, behavior.SerializeFaults);
        Assert.Null(host.StoredTotal(behavior, "once"));

        clock.Advance(TimeSpan.FromSeconds(1)); // the retry, one save interval later
        Assert.Equal(5, await host.Runtime.ReadAsync("once", s => s.Total));

        Assert.Equal(5, host.StoredTotal(behavior, "once"));
        Assert.Equal(0, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "once"));
    }

    [Fact]
    public async Task FlushAsync_SerializeThrows_FailsNamingTheActorAndCountsTheFailure()
    {
        const string TypeName = "ledger-unserializable";
        long serializeFailures = -1;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Realtime.Actors" && instrument.Name == "realtime.actors.saves.serialize_failed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("actor.type", TypeName)))
            {
                serializeFailures = value;
            }
        });
        listener.Start();
        var behavior = new LedgerBehavior(TypeName);
        var store = new InMemoryActorStateStore();
        await using var runtime = ActorRuntime.Create(behavior, store, new FakeTimeProvider(), new ActorRuntimeOptions { Shards = 1 });
        await runtime.StartAsync();
        await runtime.AskAsync("m", LedgerMessage.Add(3));
        behavior.SerializeFaults = 1;

        var error = await Assert.ThrowsAsync<ActorStateNotSavedException>(() => runtime.FlushAsync().Within(() => $"actor {TypeName}/m: expected the flush to fail"));
        listener.RecordObservableInstruments();

        Assert.Equal(new ActorId(TypeName, "m"), error.ActorId);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Contains($"{TypeName}/m", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, serializeFailures);
        Assert.Null(store.Peek(new ActorId(TypeName, "m")));

        await runtime.FlushAsync().Within(() => $"actor {TypeName}/m: expected the retried save to succeed");
        Assert.Equal(3, behavior.Deserialize("m", store.Peek(new ActorId(TypeName, "m"))!.Payload.Span).Total);
    }

    [Fact]
    public async Task IdleTimeout_SerializeAlwaysThrows_ActorIsKeptUntilItCanBeSaved()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior, o => o.SaveInterval = TimeSpan.FromHours(1));
        await host.StartAsync();
        await host.Runtime.AskAsync("kept", LedgerMessage.Add(7));
        behavior.SerializeFaults = int.MaxValue;

        clock.Advance(TimeSpan.FromMinutes(15)); // idle: the save before the drop fails
        Assert.Equal(7, await host.Runtime.ReadAsync("kept", s => s.Total)); // a barrier, and the state is still there
        clock.Advance(TimeSpan.FromMinutes(15)); // the next idle scan retries, and fails again
        Assert.Equal(7, await host.Runtime.ReadAsync("kept", s => s.Total));
        Assert.Equal(0, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "kept"));
        Assert.Null(host.StoredTotal(behavior, "kept"));

        behavior.SerializeFaults = 0;
        clock.Advance(TimeSpan.FromMinutes(15));
        var deactivated = await host.Lifecycle.WaitForDeactivationAsync("kept")
            .Within(() => "actor ledger/kept: expected the idle deactivation once its state could be saved");

        Assert.Equal(DeactivationReason.Idle, deactivated.Reason);
        Assert.Equal(7, host.StoredTotal(behavior, "kept"));
    }

    [Fact]
    public async Task DeactivateAsync_SerializeThrows_FailsAndKeepsTheActor()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.StartAsync();
        await host.Runtime.AskAsync("d", LedgerMessage.Add(5));
        behavior.SerializeFaults = 1;

        var error = await Assert.ThrowsAsync<ActorStateNotSavedException>(() => host.Runtime.DeactivateAsync("d").Within(() => "actor ledger/d: expected the deactivation to fail"));

        Assert.Equal(LedgerHostExtensions.Id("d"), error.ActorId);
        Assert.Equal(0, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "d"));
        Assert.Equal(5, await host.Runtime.ReadAsync("d", s => s.Total));
        await host.Runtime.DeactivateAsync("d").Within(() => "actor ledger/d: expected the retried deactivation to save and drop it");
        Assert.Equal(5, host.StoredTotal(behavior, "d"));
        Assert.Equal(1, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "d"));
    }

    [Fact]
    public async Task StopAsync_SerializeAlwaysThrows_FailsNamingTheActorAndDoesNotReportItSaved()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.StartAsync();
        await host.Runtime.AskAsync("lost", LedgerMessage.Add(3));
        behavior.SerializeFaults = int.MaxValue;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Runtime.StopAsync().Within(() => "expected the stop to end with an error"));

        var notSaved = Assert.IsType<ActorStateNotSavedException>(error.InnerException);
        Assert.Equal(LedgerHostExtensions.Id("lost"), notSaved.ActorId);
        Assert.Contains("ledger/lost", error.Message, StringComparison.Ordinal);
        Assert.Null(host.StoredTotal(behavior, "lost"));
        Assert.DoesNotContain(host.Lifecycle.Events, e => e.Id.Key == "lost" && e.Reason == DeactivationReason.Shutdown);
    }
}
