using System.Buffers;
using System.Buffers.Binary;
using Realtime.Actors;

namespace Realtime.Benchmarks.Actors;

/// <summary>An actor whose turn does nothing: the runtime's own cost per message.</summary>
internal sealed class NoOpActor : IActorBehavior<byte, long, long, None, None>
{
    public string TypeName => "noop";

    public byte CreateState(string key) => 0;

    public byte Deserialize(string key, ReadOnlySpan<byte> payload) => 0;

    public void Serialize(byte state, IBufferWriter<byte> output)
    {
    }

    public long Handle(ref ActorTurn<None> turn, ref byte state, in long message) => 0;

    public void Wake(ref ActorTurn<None> turn, ref byte state)
    {
    }

    public DateTimeOffset? GetNextDueTime(byte state) => null;

    public None CreateView(byte state) => default;
}

/// <summary>A counter: the smallest actor with real state.</summary>
internal sealed class CounterActor : IActorBehavior<long, long, long, None, None>
{
    public string TypeName => "counter";

    public long CreateState(string key) => 0;

    public long Deserialize(string key, ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload);

    public void Serialize(long state, IBufferWriter<byte> output)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), state);
        output.Advance(8);
    }

    public long Handle(ref ActorTurn<None> turn, ref long state, in long message) => state += message;

    public void Wake(ref ActorTurn<None> turn, ref long state)
    {
    }

    public DateTimeOffset? GetNextDueTime(long state) => null;

    public None CreateView(long state) => default;
}
