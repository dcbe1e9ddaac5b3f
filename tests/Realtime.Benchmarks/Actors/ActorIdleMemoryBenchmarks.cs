using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Realtime.Actors;
using Realtime.Actors.Persistence;

namespace Realtime.Benchmarks.Actors;

/// <summary>
/// Memory the runtime keeps per idle activation: each invocation activates 1,000,000 counter actors on a fresh
/// runtime, saves them (so nothing is dirty), then measures the heap reachable after a full GC against the heap
/// before (the "Retained/op" column; key strings are made once in the global setup, so they are excluded). The store
/// keeps nothing, so only the runtime is measured. The time column includes the two full collections and is not the
/// point. Run it alone: --filter '*ActorIdleMemoryBenchmarks*' --inProcess --strategy Monitoring --warmupCount 1 --iterationCount 3.
/// </summary>
[Config(typeof(RetainedBytesConfig))]
public class ActorIdleMemoryBenchmarks
{
    private const int Actors = 1_000_000;
    private const int Batch = 4_096;

    private string[] _keys = [];
    private ActorMessage<long>[] _batch = [];
    private ActorRuntime<long, long, long, None, None> _runtime = null!;
    private long _heapBefore;

    [GlobalSetup]
    public void Setup()
    {
        _keys = [.. Enumerable.Range(0, Actors).Select(i => $"customer-{i:D7}")];
        _batch = new ActorMessage<long>[Batch];
    }

    [IterationSetup]
    public void NewRuntime()
    {
        _runtime = ActorRuntime.Create(new CounterActor(), new DiscardingStore(), TimeProvider.System,
            new ActorRuntimeOptions { SaveInterval = TimeSpan.FromHours(1), MaxDirtyActors = 2 * Actors });
        _runtime.StartAsync().GetAwaiter().GetResult();
        _heapBefore = GC.GetTotalMemory(forceFullCollection: true);
    }

    [IterationCleanup]
    public void Dispose()
    {
        // Stopped and disposed (workers finished, meter gone), so none of it is reachable at the next baseline.
        _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _runtime = null!;
    }

    [Benchmark(OperationsPerInvoke = Actors)]
    public async Task IdleActivations()
    {
        for (var start = 0; start < Actors; start += Batch)
        {
            var count = Math.Min(Batch, Actors - start);
            for (var i = 0; i < count; i++)
            {
                _batch[i] = new ActorMessage<long>(_keys[start + i], 1);
            }

            await _runtime.DeliverAsync(_batch.AsMemory(0, count));
        }

        await _runtime.FlushAsync(); // idle: saved, nothing dirty
        var retained = GC.GetTotalMemory(forceFullCollection: true) - _heapBefore;
        Console.WriteLine($"// retained {retained} B over {Actors} activations");
        RetainedBytesColumn.Record(nameof(IdleActivations), retained, Actors);
    }

    /// <summary>Keeps nothing, so the measurement sees only the runtime.</summary>
    private sealed class DiscardingStore : IActorStateStore
    {
        public ValueTask<StoredState?> ReadAsync(ActorId id, CancellationToken cancellationToken) => new((StoredState?)null);

        public ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
        {
            var results = new WriteResult[writes.Count];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = new WriteResult(false, writes[i].ExpectedVersion + 1);
            }

            return new(results);
        }

        public ValueTask DeleteAsync(ActorId id, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async IAsyncEnumerable<DueActor> ReadDueAsync(DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
