using BenchmarkDotNet.Attributes;
using Realtime.Actors;
using Realtime.Actors.Persistence;

namespace Realtime.Benchmarks.Actors;

/// <summary>
/// Activating 100,000 new counter actors (state read from an empty store, then one turn). Allocated bytes per
/// operation = bytes allocated per activation, an upper bound of what an idle activation keeps (it includes the
/// dictionary's growth garbage); the retained figure is measured by ActorMemoryTests. Run it with the Monitoring
/// strategy (one cold invocation per iteration): --strategy Monitoring.
/// </summary>
[MemoryDiagnoser]
public class ActorActivationBenchmarks
{
    private const int Actors = 100_000;
    private const int Batch = 4_096;

    private string[] _keys = [];
    private ActorRuntime<long, long, long, None, None> _runtime = null!;

    [GlobalSetup]
    public void Setup() => _keys = [.. Enumerable.Range(0, Actors).Select(i => $"customer-{i:D7}")];

    [IterationSetup]
    public void NewRuntime()
    {
        _runtime = ActorRuntime.Create(new CounterActor(), new InMemoryActorStateStore(), TimeProvider.System,
            new ActorRuntimeOptions { SaveInterval = TimeSpan.FromHours(1), MaxDirtyActors = 2 * Actors });
        _runtime.StartAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Kill() => _runtime.Kill();

    [Benchmark(OperationsPerInvoke = Actors)]
    public async Task Activate()
    {
        var batch = new ActorMessage<long>[Batch];
        for (var start = 0; start < Actors; start += Batch)
        {
            var count = Math.Min(Batch, Actors - start);
            for (var i = 0; i < count; i++)
            {
                batch[i] = new ActorMessage<long>(_keys[start + i], 1);
            }

            await _runtime.DeliverAsync(batch.AsMemory(0, count));
        }
    }
}
