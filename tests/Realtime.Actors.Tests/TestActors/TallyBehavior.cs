using System.Buffers;
using System.Buffers.Binary;
using Realtime.Actors;

namespace Realtime.Actors.Tests.TestActors;

/// <summary>Adds <see cref="Amount"/>; with <see cref="ThrowAfterChanging"/> the turn mutates the state in place, then throws.</summary>
public readonly record struct TallyMessage(long Amount, bool ThrowAfterChanging = false, DateTimeOffset? Due = null);

/// <summary>A rich mutable state: turns change it in place.</summary>
public sealed class TallyState
{
    public long Total { get; set; }

    public List<long> Entries { get; } = [];

    public DateTimeOffset? Due { get; set; }
}

/// <summary>
/// An actor that mutates its state in place and may throw half-way (a bug, say), declaring
/// <see cref="TurnRollback.CopyBeforeTurn"/> so the runtime can roll such a turn back. Its wake-up also changes the
/// state, then throws while <see cref="WakeThrows"/> is set.
/// </summary>
public sealed class TallyBehavior : IActorBehavior<TallyState, TallyMessage, long, long, long>
{
    private int _copies;

    public string TypeName => "tally";

    public TurnRollback Rollback => TurnRollback.CopyBeforeTurn;

    public bool WakeThrows { get; set; }

    /// <summary>How many copies allocated a new state object (the rest reused the spare).</summary>
    public int NewCopies => Volatile.Read(ref _copies);

    public TallyState CreateState(string key) => new();

    public TallyState Deserialize(string key, ReadOnlySpan<byte> payload)
    {
        var state = new TallyState { Total = BinaryPrimitives.ReadInt64LittleEndian(payload) };
        for (var offset = 8; offset < payload.Length; offset += 8)
        {
            state.Entries.Add(BinaryPrimitives.ReadInt64LittleEndian(payload[offset..]));
        }

        return state;
    }

    public void Serialize(TallyState state, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(8 * (1 + state.Entries.Count));
        BinaryPrimitives.WriteInt64LittleEndian(span, state.Total);
        for (var i = 0; i < state.Entries.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(8 * (i + 1))..], state.Entries[i]);
        }

        output.Advance(8 * (1 + state.Entries.Count));
    }

    public long Handle(ref ActorTurn<long> turn, ref TallyState state, in TallyMessage message)
    {
        state.Total += message.Amount;
        state.Entries.Add(message.Amount);
        state.Due = message.Due ?? state.Due;
        turn.Emit(state.Total);
        turn.PublishView();
        if (message.ThrowAfterChanging)
        {
            throw new InvalidOperationException($"Tally {turn.Key} failed half-way through a turn.");
        }

        return state.Total;
    }

    public void Wake(ref ActorTurn<long> turn, ref TallyState state)
    {
        state.Due = null;
        state.Entries.Add(0);
        if (WakeThrows)
        {
            throw new InvalidOperationException($"Tally {turn.Key} failed half-way through its wake-up.");
        }
    }

    public DateTimeOffset? GetNextDueTime(TallyState state) => state.Due;

    public long CreateView(TallyState state) => state.Total;

    public void CopyState(TallyState source, ref TallyState copy)
    {
        if (copy is null)
        {
            Interlocked.Increment(ref _copies);
            copy = new TallyState();
        }

        copy.Total = source.Total;
        copy.Due = source.Due;
        copy.Entries.Clear();
        copy.Entries.AddRange(source.Entries);
    }
}
