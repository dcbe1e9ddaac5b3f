using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using Realtime.Actors;

namespace Realtime.Actors.Tests.TestActors;

public enum JournalOp
{
    Add,
    Get,

    /// <summary>Blocks its shard's worker inside the turn until <see cref="JournalBehavior.Release"/> (holds the shard busy).</summary>
    Hold,
}

public readonly record struct JournalMessage(JournalOp Op, long Value = 0)
{
    public static JournalMessage Add(long value) => new(JournalOp.Add, value);

    public static JournalMessage Get => new(JournalOp.Get);

    public static JournalMessage Hold => new(JournalOp.Hold);
}

public sealed class JournalState
{
    public long Total { get; set; }
}

/// <summary>One turn as it ran: which actor, what, and the actor's total after it.</summary>
public readonly record struct JournalEntry(string Key, JournalOp Op, long Value, long Total);

/// <summary>
/// A running total that writes every turn to a journal in the order the turns ran (across actors), so tests can
/// see which message overtook which. <see cref="JournalOp.Hold"/> keeps the worker busy on an explicit signal, so a
/// test can queue messages behind it deterministically.
/// </summary>
public sealed class JournalBehavior : IActorBehavior<JournalState, JournalMessage, long, None, None>
{
    private readonly ConcurrentQueue<JournalEntry> _journal = new();
    private readonly ManualResetEventSlim _release = new(false);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string TypeName => "journal";

    /// <summary>Completes once a <see cref="JournalOp.Hold"/> turn has started (its worker is now blocked).</summary>
    public Task Held => _held.Task;

    public IReadOnlyList<JournalEntry> Journal => [.. _journal];

    /// <summary>Lets every held turn (and every later one) finish.</summary>
    public void Release() => _release.Set();

    public JournalState CreateState(string key) => new();

    public JournalState Deserialize(string key, ReadOnlySpan<byte> payload) => new() { Total = BinaryPrimitives.ReadInt64LittleEndian(payload) };

    public void Serialize(JournalState state, IBufferWriter<byte> output)
    {
        BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), state.Total);
        output.Advance(8);
    }

    public long Handle(ref ActorTurn<None> turn, ref JournalState state, in JournalMessage message)
    {
        switch (message.Op)
        {
            case JournalOp.Add:
                state.Total += message.Value;
                break;
            case JournalOp.Hold:
                _held.TrySetResult();
                if (!_release.Wait(Signals.Guard))
                {
                    throw new TimeoutException($"Journal {turn.Key}: the test never released the held turn.");
                }

                break;
            default:
                turn.StateUnchanged();
                break;
        }

        _journal.Enqueue(new JournalEntry(turn.Key, message.Op, message.Value, state.Total));
        return state.Total;
    }

    public void Wake(ref ActorTurn<None> turn, ref JournalState state)
    {
    }

    public DateTimeOffset? GetNextDueTime(JournalState state) => null;

    public None CreateView(JournalState state) => default;
}
