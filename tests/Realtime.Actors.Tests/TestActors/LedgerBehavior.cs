using System.Buffers;
using System.Buffers.Binary;
using Realtime.Actors;

namespace Realtime.Actors.Tests.TestActors;

public enum LedgerOp
{
    Add,
    Get,
    Throw,
    ReplaceThenThrow,
    SetDue,
    Emit,
}

/// <summary>A test message; <see cref="Sender"/> and <see cref="Sequence"/> let the actor check per-sender order.</summary>
public readonly record struct LedgerMessage(LedgerOp Op, long Value = 0, int Sender = 0, long Sequence = 0, DateTimeOffset? Due = null)
{
    public static LedgerMessage Add(long value) => new(LedgerOp.Add, value);

    public static LedgerMessage Get => new(LedgerOp.Get);
}

public sealed record LedgerChange(string Kind, long Total, DateTimeOffset At);

public sealed record LedgerView(long Total);

/// <summary>The ledger's state. Turn and order bookkeeping is not persisted; only what a real actor would keep is.</summary>
public sealed class LedgerState
{
    public const int MaxSenders = 8;

    public long Total { get; set; }

    public DateTimeOffset? Due { get; set; }

    public int Wakes { get; set; }

    public long[] LastSequence { get; } = new long[MaxSenders];

    /// <summary>How many turns run on this state right now; more than one means two turns overlapped.</summary>
    public int InTurn;
}

/// <summary>
/// A small actor exercising every part of the contract: a running total, replies, failures (before and after a
/// change), a due time, changes and views. It records overlapping turns and out-of-order senders in <see cref="Violations"/>.
/// </summary>
public sealed class LedgerBehavior(string typeName = "ledger") : IActorBehavior<LedgerState, LedgerMessage, long, LedgerChange, LedgerView>
{
    private long _violations;
    private long _wakes;
    private int _serializeFaults;

    public string TypeName => typeName;

    /// <summary>Keys whose deserialization throws (to fail activations).</summary>
    public HashSet<string> CorruptKeys { get; } = [];

    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>How many of the next serializations throw (<see cref="int.MaxValue"/>: all of them).</summary>
    public int SerializeFaults
    {
        get => Volatile.Read(ref _serializeFaults);
        set => Volatile.Write(ref _serializeFaults, value);
    }

    public long WakeCount => Interlocked.Read(ref _wakes);

    public LedgerState CreateState(string key) => new();

    public LedgerState Deserialize(string key, ReadOnlySpan<byte> payload)
    {
        lock (CorruptKeys)
        {
            if (CorruptKeys.Contains(key))
            {
                throw new InvalidDataException($"State of {key} is corrupt.");
            }
        }

        var dueTicks = BinaryPrimitives.ReadInt64LittleEndian(payload[8..]);
        return new LedgerState
        {
            Total = BinaryPrimitives.ReadInt64LittleEndian(payload),
            Due = dueTicks == 0 ? null : new DateTimeOffset(dueTicks, TimeSpan.Zero),
            Wakes = BinaryPrimitives.ReadInt32LittleEndian(payload[16..]),
        };
    }

    public void Serialize(LedgerState state, IBufferWriter<byte> output)
    {
        var faults = Volatile.Read(ref _serializeFaults);
        if (faults == int.MaxValue || (faults > 0 && Interlocked.Decrement(ref _serializeFaults) >= 0))
        {
            throw new InvalidOperationException($"Serializing a ledger with total {state.Total} failed.");
        }

        var span = output.GetSpan(20);
        BinaryPrimitives.WriteInt64LittleEndian(span, state.Total);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], state.Due?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], state.Wakes);
        output.Advance(20);
    }

    public long Handle(ref ActorTurn<LedgerChange> turn, ref LedgerState state, in LedgerMessage message)
    {
        if (Interlocked.Increment(ref state.InTurn) != 1)
        {
            Interlocked.Increment(ref _violations);
        }

        try
        {
            return Apply(ref turn, ref state, message);
        }
        finally
        {
            Interlocked.Decrement(ref state.InTurn);
        }
    }

    public void Wake(ref ActorTurn<LedgerChange> turn, ref LedgerState state)
    {
        Interlocked.Increment(ref _wakes);
        state.Wakes++;
        state.Due = null;
        turn.Emit(new LedgerChange("woke", state.Total, turn.Now));
    }

    public DateTimeOffset? GetNextDueTime(LedgerState state) => state.Due;

    public LedgerView CreateView(LedgerState state) => new(state.Total);

    private long Apply(ref ActorTurn<LedgerChange> turn, ref LedgerState stateRef, in LedgerMessage message)
    {
        var state = stateRef;
        switch (message.Op)
        {
            case LedgerOp.Add:
                if (message.Sequence != 0)
                {
                    ref var last = ref state.LastSequence[message.Sender];
                    if (message.Sequence <= last)
                    {
                        Interlocked.Increment(ref _violations);
                    }

                    last = message.Sequence;
                }

                state.Total += message.Value;
                turn.PublishView();
                return state.Total;
            case LedgerOp.Get:
                turn.StateUnchanged();
                return state.Total;
            case LedgerOp.Throw:
                // Compute, then commit: this turn throws before touching the state, as the contract asks.
                turn.Emit(new LedgerChange("never published", state.Total, turn.Now));
                turn.PublishView();
                throw new InvalidOperationException($"Turn refused for {turn.Key}.");
            case LedgerOp.ReplaceThenThrow:
                // Functional style: a new state is assigned, then the turn fails. The runtime must not commit it.
                var replaced = new LedgerState { Total = 999_999 };
                Interlocked.Increment(ref replaced.InTurn);
                stateRef = replaced;
                throw new InvalidOperationException($"Turn failed after replacing the state of {turn.Key}.");
            case LedgerOp.SetDue:
                state.Due = message.Due;
                return state.Total;
            case LedgerOp.Emit:
                state.Total += message.Value;
                turn.Emit(new LedgerChange("added", state.Total, turn.Now));
                return state.Total;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.Op, "Unknown op.");
        }
    }
}

/// <summary>Collects the change feed and lets a test wait for a change on a signal.</summary>
public sealed class ChangeCollector : IActorChangeSink<LedgerChange>
{
    private readonly Lock _gate = new();
    private readonly List<ActorChange<LedgerChange>> _changes = [];
    private readonly List<(Func<ActorChange<LedgerChange>, bool> Match, TaskCompletionSource<ActorChange<LedgerChange>> Done)> _waiters = [];

    public IReadOnlyList<ActorChange<LedgerChange>> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public Task<ActorChange<LedgerChange>> WaitForAsync(Func<ActorChange<LedgerChange>, bool> match)
    {
        lock (_gate)
        {
            foreach (var change in _changes)
            {
                if (match(change))
                {
                    return Task.FromResult(change);
                }
            }

            var done = new TaskCompletionSource<ActorChange<LedgerChange>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    public void OnChanges(ReadOnlySpan<ActorChange<LedgerChange>> changes)
    {
        lock (_gate)
        {
            foreach (var change in changes)
            {
                _changes.Add(change);
                for (var i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_waiters[i].Match(change))
                    {
                        _waiters[i].Done.TrySetResult(change);
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }
    }
}
