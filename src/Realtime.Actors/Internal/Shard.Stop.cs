using Realtime.Actors.Diagnostics;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Internal;

/// <summary>Graceful stop (drain, save, then end) and kill (end now, save nothing, fail what waits).</summary>
internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    private long _saveFailuresAtStop;

    private bool TryFinishStop()
    {
        if (Queue.Count > 0 || _loadsInFlight > 0)
        {
            return false;
        }

        if (SaveFailures > _saveFailuresAtStop)
        {
            // The store refuses: end the stop with the error instead of retrying forever.
            EndStop(new InvalidOperationException($"Actors of type {TypeName}: the final save failed; unsaved state is lost."));
            return true;
        }

        if (_dirty.Count > 0 || _saveInFlight)
        {
            _urgentSave = true;
            StartSave();
            if (_dirty.Count > 0 || _saveInFlight)
            {
                // A save in flight wakes the loop when it lands; a failed one ends the stop here.
                return SaveFailures > _saveFailuresAtStop && TryFinishStop();
            }

            // The save completed inline (SQLite's do): nothing else will wake the worker, so finish now.
        }

        foreach (var activation in _activations.Values.ToArray())
        {
            if (activation.Status == ActivationStatus.Active)
            {
                Drop(activation, DeactivationReason.Shutdown);
            }
        }

        EndStop(null);
        return true;
    }

    private void EndStop(Exception? error)
    {
        DisposeTimers();
        _lifetime.Cancel();
        if (error is null)
        {
            _stopped!.TrySetResult();
        }
        else
        {
            _stopped!.TrySetException(error);
        }
    }

    private void AbortAll()
    {
        DisposeTimers();
        _lifetime.Cancel();
        var stopped = new ActorRuntimeStoppedException(new ActorId(TypeName, "*"));
        foreach (var activation in _activations.Values)
        {
            foreach (var envelope in activation.Parked ?? [])
            {
                envelope.Sink?.Fail(new ActorRuntimeStoppedException(IdOf(envelope.Key)));
            }

            foreach (var command in activation.AfterLoad ?? [])
            {
                command.Fail(stopped);
            }
        }

        _activations.Clear();
        ActiveCount = 0;
        FailFlushes(stopped);
        while (_commands.TryDequeue(out var command))
        {
            command.Fail(stopped);
        }

        var batch = Queue.Swap(_spare, out var count);
        FailEnvelopes(batch.AsSpan(0, count));
        ActorRuntimeLog.Killed(_logger, TypeName);
    }

    private void DisposeTimers()
    {
        _dueTimer.Dispose();
        _idleTimer.Dispose();
        _saveTimer.Dispose();
    }
}
