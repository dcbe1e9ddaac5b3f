using System.Diagnostics.Metrics;
using Realtime.Actors.Persistence;
using Realtime.Actors.Tests.TestActors;
using Realtime.Testing;

namespace Realtime.Actors.Tests;

public sealed class ActorRuntimeOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new ActorRuntimeOptions();

        var result = new ActorRuntimeOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AskTimeout);
        Assert.Equal(TimeSpan.FromMinutes(15), options.IdleTimeout);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheSettings()
    {
        var options = new ActorRuntimeOptions { Shards = 0, AskTimeout = TimeSpan.Zero, MaxDirtyActors = 1, SaveBatchSize = 10 };

        var error = Assert.Throws<ArgumentException>(() =>
            ActorRuntime.Create(new LedgerBehavior(), new InMemoryActorStateStore(), new FakeTimeProvider(), options));

        Assert.Contains("Actors:Shards", error.Message, StringComparison.Ordinal);
        Assert.Contains("Actors:AskTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Actors:MaxDirtyActors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ObservedWhileTheRuntimeIsBeingBuilt_ReadZero()
    {
        // A collector on another thread may observe a runtime that is still building its shards (parallel tests did):
        // observing at the moment each instrument is published is that moment, made deterministic.
        const string TypeName = "under-construction";
        var observed = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Realtime.Actors")
            {
                l.EnableMeasurementEvents(instrument);
                l.RecordObservableInstruments();
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("actor.type", TypeName)))
            {
                observed.Add(value);
            }
        });
        listener.Start();

        await using var runtime = ActorRuntime.Create(new LedgerBehavior(TypeName), new InMemoryActorStateStore(), new FakeTimeProvider());

        Assert.NotEmpty(observed);
        Assert.All(observed, value => Assert.Equal(0, value));
    }

    [Fact]
    public async Task Metrics_AfterTurns_ReportMessagesActivationsAndTurnDuration()
    {
        const string TypeName = "metered";
        var counters = new Dictionary<string, long>();
        var turnDurations = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Realtime.Actors")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("actor.type", TypeName)))
            {
                counters[instrument.Name] = value;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "realtime.actors.turn.duration" && tags.ToArray().Contains(new KeyValuePair<string, object?>("actor.type", TypeName)))
            {
                Interlocked.Increment(ref turnDurations);
            }
        });
        listener.Start();
        await using var runtime = ActorRuntime.Create(new LedgerBehavior(TypeName), new InMemoryActorStateStore(), new FakeTimeProvider());
        await runtime.StartAsync();

        await runtime.AskAsync("m1", LedgerMessage.Add(1));
        await runtime.AskAsync("m2", LedgerMessage.Add(1));
        await runtime.AskAsync("m1", LedgerMessage.Add(1));
        await runtime.FlushAsync();
        listener.RecordObservableInstruments();

        Assert.Equal(3, counters["realtime.actors.messages"]);
        Assert.Equal(2, counters["realtime.actors.activations"]);
        Assert.Equal(2, counters["realtime.actors.saves"]);
        Assert.Equal(0, counters["realtime.actors.queue.depth"]);
        Assert.Equal(3, Volatile.Read(ref turnDurations));
    }
}
