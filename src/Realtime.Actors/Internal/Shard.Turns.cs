using System.Diagnostics;
using Realtime.Actors.Diagnostics;

namespace Realtime.Actors.Internal;

internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    private void RunTurn(Activation activation, in Envelope<TMessage, TReply> envelope)
    {
        activation.Deactivating = false;
        if (envelope.LogPosition != 0 && envelope.LogPosition <= activation.LogPosition)
        {
            // The state already includes this log entry (a replay after a restart): apply it once only.
            envelope.Sink?.Complete(default!);
            return;
        }

        var started = _metrics.TurnDurationEnabled ? Stopwatch.GetTimestamp() : 0;
        var state = activation.State;
        var mark = _changes.Count;
        var turn = new ActorTurn<TChange>(activation.Key, _now, envelope.LogPosition, _changes);
        TReply reply;
        DateTimeOffset? due;
        TView? view = default;
        var copied = false;
        try
        {
            copied = CopyBeforeTurn(state);
            reply = _behavior.Handle(ref turn, ref state, in envelope.Message);
            due = _behavior.GetNextDueTime(state);
            if (turn.ViewRequested)
            {
                view = _behavior.CreateView(state);
            }
        }
        catch (Exception ex)
        {
            RestoreAfterFailedTurn(activation, copied);
            TurnFailed(activation, mark, ex, envelope.Sink);
            return;
        }

        // Commit: only now does the activation see the turn's state.
        activation.State = state;
        if (envelope.LogPosition > activation.LogPosition)
        {
            activation.LogPosition = envelope.LogPosition;
        }

        Commit(activation, due, turn.ViewRequested, view, fromWake: false, turn.Unchanged);
        if (started != 0)
        {
            _metrics.RecordTurn(Stopwatch.GetElapsedTime(started));
        }

        envelope.Sink?.Complete(reply);
    }

    /// <summary>The due-time turn, when the actor's due time has come; otherwise makes sure it is scheduled.</summary>
    private void WakeIfDue(Activation activation)
    {
        if (activation.Status != ActivationStatus.Active || activation.DueAt is not { } dueAt)
        {
            return;
        }

        if (dueAt > _now)
        {
            ScheduleDue(activation);
            return;
        }

        activation.Deactivating = false;
        var state = activation.State;
        var mark = _changes.Count;
        var turn = new ActorTurn<TChange>(activation.Key, _now, 0, _changes);
        DateTimeOffset? due;
        TView? view = default;
        var copied = false;
        try
        {
            copied = CopyBeforeTurn(state);
            _behavior.Wake(ref turn, ref state);
            due = _behavior.GetNextDueTime(state);
            if (turn.ViewRequested)
            {
                view = _behavior.CreateView(state);
            }
        }
        catch (Exception ex)
        {
            // The stored due time stays, so the wake-up is retried on the next activation, not in a tight loop.
            RestoreAfterFailedTurn(activation, copied);
            TurnFailed(activation, mark, ex, sink: null);
            return;
        }

        activation.State = state;
        Commit(activation, due, turn.ViewRequested, view, fromWake: true, turn.Unchanged);
    }

    /// <summary>For <see cref="TurnRollback.CopyBeforeTurn"/>: copies the state into the spare; true once copied.</summary>
    private bool CopyBeforeTurn(TState state)
    {
        if (!_copyBeforeTurn)
        {
            return false;
        }

        _behavior.CopyState(state, ref _spareState);
        return true;
    }

    /// <summary>
    /// After a turn threw: with a copy, the copy becomes the state and the object the turn may have half-changed
    /// becomes the next spare. Without one, the activation still holds the value passed in (KeepPassedState).
    /// </summary>
    private void RestoreAfterFailedTurn(Activation activation, bool copied)
    {
        if (copied)
        {
            (activation.State, _spareState) = (_spareState, activation.State);
        }
    }

    private void Commit(Activation activation, DateTimeOffset? due, bool viewRequested, TView? view, bool fromWake, bool unchanged)
    {
        MessagesProcessed++;
        activation.LastActiveTicks = _now.UtcTicks;
        if (!activation.Dirty && (!unchanged || due != activation.DueAt))
        {
            activation.Dirty = true;
            _dirty.Add(activation);
            if (_dirty.Count == 1)
            {
                ArmSaveTimer();
            }
        }

        if (due != activation.DueAt)
        {
            activation.DueAt = due;
            // A wake-up that leaves its due time in the past would spin; it waits for the next activation instead.
            if (!fromWake || due > _now)
            {
                ScheduleDue(activation);
            }
        }

        if (viewRequested)
        {
            _runtime.SetView(activation.Key, view!);
        }
    }

    private void TurnFailed(Activation activation, int changeMark, Exception error, TurnSink<TReply>? sink)
    {
        _changes.Truncate(changeMark);
        TurnFailures++;
        activation.LastActiveTicks = _now.UtcTicks;
        var id = IdOf(activation.Key);
        ActorRuntimeLog.TurnFailed(_logger, id, error);
        Notify(static (o, id, e) => o.OnTurnFailed(id, e), activation.Key, error);
        sink?.Fail(new ActorTurnException(id, error));
    }
}
