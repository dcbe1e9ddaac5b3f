using System.Diagnostics.Metrics;

namespace Realtime.Actors.Diagnostics;

/// <summary>
/// The runtime's instruments (meter <see cref="MeterName"/>). Counts live in plain fields on each shard and are
/// observed on collection, so the hot path pays nothing; only turn duration is recorded per turn, and only while a
/// listener is enabled.
/// </summary>
internal sealed class ActorMetrics : IDisposable
{
    public const string MeterName = "Realtime.Actors";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<int> _saveBatch;
    private readonly KeyValuePair<string, object?> _typeTag;

    public ActorMetrics(IMeterFactory? meterFactory, string actorType, Func<IEnumerable<IShardCounters>> shards)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _ownsMeter = meterFactory is null;
        _typeTag = new("actor.type", actorType);
        long Sum(Func<IShardCounters, long> read) => shards().Sum(read);
        _meter.CreateObservableUpDownCounter("realtime.actors.activations", () => new Measurement<long>(Sum(s => s.ActiveActivations), _typeTag), "{activation}", "Live activations");
        _meter.CreateObservableCounter("realtime.actors.activations.started", () => new Measurement<long>(Sum(s => s.ActivationsStartedCount), _typeTag), "{activation}", "Activations begun");
        _meter.CreateObservableCounter("realtime.actors.activations.failed", () => new Measurement<long>(Sum(s => s.ActivationFailureCount), _typeTag), "{activation}", "Activations whose load failed");
        _meter.CreateObservableCounter("realtime.actors.messages", () => new Measurement<long>(Sum(s => s.MessagesProcessedCount), _typeTag), "{message}", "Turns committed (rate = messages/s)");
        _meter.CreateObservableCounter("realtime.actors.turns.failed", () => new Measurement<long>(Sum(s => s.TurnFailureCount), _typeTag), "{turn}", "Turns that threw and were rolled back");
        _meter.CreateObservableUpDownCounter("realtime.actors.queue.depth", () => new Measurement<long>(Sum(s => s.QueueDepth), _typeTag), "{message}", "Messages waiting in shard queues");
        _meter.CreateObservableCounter("realtime.actors.saves", () => new Measurement<long>(Sum(s => s.StatesSavedCount), _typeTag), "{state}", "States saved");
        _meter.CreateObservableCounter("realtime.actors.saves.conflicts", () => new Measurement<long>(Sum(s => s.SaveConflictCount), _typeTag), "{state}", "Saves refused by optimistic concurrency");
        _meter.CreateObservableCounter("realtime.actors.saves.failed", () => new Measurement<long>(Sum(s => s.SaveFailureCount), _typeTag), "{batch}", "Save batches that failed");
        _meter.CreateObservableCounter("realtime.actors.saves.serialize_failed", () => new Measurement<long>(Sum(s => s.SerializeFailureCount), _typeTag), "{state}", "States that could not be serialized for a save (kept dirty and retried)");
        _turnDuration = _meter.CreateHistogram<double>("realtime.actors.turn.duration", "s", "Duration of one turn");
        _saveBatch = _meter.CreateHistogram<int>("realtime.actors.saves.batch_size", "{state}", "States per write-behind batch");
    }

    public bool TurnDurationEnabled => _turnDuration.Enabled;

    public void RecordTurn(TimeSpan duration) => _turnDuration.Record(duration.TotalSeconds, _typeTag);

    public void RecordSaveBatch(int count) => _saveBatch.Record(count, _typeTag);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

/// <summary>What the metrics read from a shard.</summary>
internal interface IShardCounters
{
    long ActiveActivations { get; }
    long ActivationsStartedCount { get; }
    long ActivationFailureCount { get; }
    long MessagesProcessedCount { get; }
    long TurnFailureCount { get; }
    long QueueDepth { get; }
    long StatesSavedCount { get; }
    long SaveConflictCount { get; }
    long SaveFailureCount { get; }
    long SerializeFailureCount { get; }
}
