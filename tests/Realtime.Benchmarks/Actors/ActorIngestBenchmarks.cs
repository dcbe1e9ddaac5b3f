using BenchmarkDotNet.Attributes;
using Realtime.Actors;
using Realtime.Actors.Persistence;

namespace Realtime.Benchmarks.Actors;

/// <summary>
/// Messages per second into 1M distinct, already active actors, and bytes allocated per message. One operation is
/// one message; each invocation sends one message to every key, in batches, and waits until all are processed.
/// Write-behind is held off (long interval) except in <see cref="ShardedWorkers_CounterWithSaves"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CpuTimeConfig))]
public class ActorIngestBenchmarks
{
    private const int Keys = 1_000_000;
    private const int Batch = 4_096;

    private string[] _keys = [];
    private ActorMessage<long>[] _batch = [];
    private ActorRuntime<long, long, long, None, None>? _counters;
    private ActorRuntime<byte, long, long, None, None>? _noOps;
    private ActorRuntime<long, long, long, None, None>? _savingCounters;
    private PerActorMailboxes _mailboxes = null!;

    private static ActorRuntimeOptions NoSaves => new() { SaveInterval = TimeSpan.FromHours(1), SaveBatchSize = 4_096, MaxDirtyActors = 2 * Keys };

    [GlobalSetup(Target = nameof(PerActorMailboxes_Counter))]
    public void SetupMailboxes()
    {
        CreateKeys();
        _mailboxes = new PerActorMailboxes();
        PerActorMailboxes_Counter();
    }

    [GlobalSetup(Targets = [nameof(ShardedWorkers_Counter), nameof(ShardedWorkers_CounterSingleTells)])]
    public void SetupCounters() => _counters = Start(new CounterActor(), NoSaves);

    [GlobalSetup(Target = nameof(ShardedWorkers_NoOp))]
    public void SetupNoOps() => _noOps = Start(new NoOpActor(), NoSaves);

    [GlobalSetup(Target = nameof(ShardedWorkers_CounterWithSaves))]
    public void SetupSavingCounters() => _savingCounters = Start(new CounterActor(), new ActorRuntimeOptions());

    [GlobalCleanup]
    public void Cleanup()
    {
        _counters?.Kill();
        _noOps?.Kill();
        _savingCounters?.Kill();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Keys)]
    public void PerActorMailboxes_Counter()
    {
        var cpu = CpuTimeColumn.Start();
        var done = _mailboxes.ExpectAsync(Keys);
        foreach (var key in _keys)
        {
            _mailboxes.Tell(key, 1);
        }

        done.GetAwaiter().GetResult();
        CpuTimeColumn.Stop(nameof(PerActorMailboxes_Counter), cpu, Keys);
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public Task ShardedWorkers_Counter() => SendAll(_counters!, nameof(ShardedWorkers_Counter));

    [Benchmark(OperationsPerInvoke = Keys)]
    public Task ShardedWorkers_NoOp() => SendAll(_noOps!, nameof(ShardedWorkers_NoOp));

    [Benchmark(OperationsPerInvoke = Keys)]
    public Task ShardedWorkers_CounterWithSaves() => SendAll(_savingCounters!, nameof(ShardedWorkers_CounterWithSaves));

    /// <summary>One TellAsync per message (no batching): the plain Tell path.</summary>
    [Benchmark(OperationsPerInvoke = Keys)]
    public async Task ShardedWorkers_CounterSingleTells()
    {
        var cpu = CpuTimeColumn.Start();
        for (var i = 0; i < Keys - Batch; i++)
        {
            await _counters!.TellAsync(_keys[i], 1);
        }

        await Deliver(_counters!, Keys - Batch);
        CpuTimeColumn.Stop(nameof(ShardedWorkers_CounterSingleTells), cpu, Keys);
    }

    private void CreateKeys()
    {
        _keys = [.. Enumerable.Range(0, Keys).Select(i => $"customer-{i:D7}")];
        _batch = new ActorMessage<long>[Batch];
    }

    // Starts a runtime and activates every key: the benchmarks measure steady-state messages, not activations.
    private ActorRuntime<TState, long, long, None, None> Start<TState>(IActorBehavior<TState, long, long, None, None> behavior, ActorRuntimeOptions options)
    {
        CreateKeys();
        var runtime = ActorRuntime.Create(behavior, new InMemoryActorStateStore(), TimeProvider.System, options);
        runtime.StartAsync().GetAwaiter().GetResult();
        SendAll(runtime).GetAwaiter().GetResult();
        return runtime;
    }

    private async Task SendAll<TState>(ActorRuntime<TState, long, long, None, None> runtime, string? measuredAs = null)
    {
        var cpu = CpuTimeColumn.Start();
        for (var start = 0; start < Keys - Batch; start += Batch)
        {
            Fill(start);
            await runtime.TellManyAsync(_batch);
        }

        await Deliver(runtime, Keys - Batch);
        if (measuredAs is not null)
        {
            CpuTimeColumn.Stop(measuredAs, cpu, Keys);
        }
    }

    // The last batch is delivered: shard queues are FIFO, so once it is processed every earlier message is too.
    private async Task Deliver<TState>(ActorRuntime<TState, long, long, None, None> runtime, int start)
    {
        Fill(start);
        await runtime.DeliverAsync(_batch);
    }

    private void Fill(int start)
    {
        for (var i = 0; i < Batch; i++)
        {
            _batch[i] = new ActorMessage<long>(_keys[(start + i) % Keys], 1);
        }
    }
}
