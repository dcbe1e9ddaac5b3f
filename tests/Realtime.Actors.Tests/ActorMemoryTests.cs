using System.Buffers;
using System.Runtime.CompilerServices;
using Realtime.Actors.Persistence;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Actors.Tests;

[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>Measures retained heap, so it runs alone (other tests' allocations would blur it).</summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class ActorMemoryTests(ITestOutputHelper output)
{
    private const int Actors = 100_000;

    [Fact]
    public async Task IdleActivation_RuntimeOverhead_IsAtMostOneKilobyte()
    {
        var keys = Enumerable.Range(0, Actors).Select(i => $"customer-{i:D7}").ToArray();
        await using var runtime = ActorRuntime.Create(new TinyActor(), new DiscardingStore(), new FakeTimeProvider(),
            new ActorRuntimeOptions { MaxDirtyActors = 2 * Actors });
        await runtime.StartAsync();
        var batch = keys.Select(k => new ActorMessage<byte>(k, 1)).ToArray();
        await runtime.DeliverAsync(batch.AsMemory(0, 10)); // warm the worker's buffers before the baseline
        await runtime.FlushAsync();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var result = await runtime.DeliverAsync(batch);
        await runtime.FlushAsync(); // idle: saved, nothing dirty
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var perActivation = (after - before) / (double)(Actors - 10);
        output.WriteLine($"Retained per idle activation (key strings excluded): {perActivation:F0} B");
        Assert.Equal(Actors, result.Processed);
        Assert.True(perActivation <= 1024, $"expected at most 1 KB per idle activation; measured {perActivation:F0} B over {Actors} actors");
        GC.KeepAlive(keys);
    }

    private sealed class TinyActor : IActorBehavior<byte, byte, byte, None, None>
    {
        public string TypeName => "tiny";

        public byte CreateState(string key) => 0;

        public byte Deserialize(string key, ReadOnlySpan<byte> payload) => payload[0];

        public void Serialize(byte state, IBufferWriter<byte> output)
        {
            output.GetSpan(1)[0] = state;
            output.Advance(1);
        }

        public byte Handle(ref ActorTurn<None> turn, ref byte state, in byte message) => state += message;

        public void Wake(ref ActorTurn<None> turn, ref byte state)
        {
        }

        public DateTimeOffset? GetNextDueTime(byte state) => null;

        public None CreateView(byte state) => default;
    }

    /// <summary>Keeps nothing, so the measurement sees only the runtime.</summary>
    private sealed class DiscardingStore : IActorStateStore
    {
        public ValueTask<StoredState?> ReadAsync(ActorId id, CancellationToken cancellationToken) => new((StoredState?)null);

        public ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken) =>
            new(writes.Select(w => new WriteResult(false, w.ExpectedVersion + 1)).ToArray());

        public ValueTask DeleteAsync(ActorId id, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async IAsyncEnumerable<DueActor> ReadDueAsync(DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
