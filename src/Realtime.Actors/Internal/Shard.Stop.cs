using Realtime.Actors.Diagnostics;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Internal;

/// <summary>Graceful stop (drain, save, then end) and kill (end now, save nothing, fail what waits).</summary>
internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    private long _saveFailuresAtStop;

    // Failed store writes plus states that could not be serialized: either means something is left unsaved.
    private long SaveAttemptFailures => SaveFailures + SerializeFailures;

    private bool TryFinishStop()
    {
        if (Queue.Count > 0 || _loadsInFlight > 0 || _deferredReads.Count > 0)
        {
            return false;
        }

        // Save until nothing is dirty. Each pass either saves, or counts a failure, so this ends.
        while (true)
        {
            if (_saveInFlight)
            {
                // Its completion wakes the loop, which comes back here.
                return false;
            }

            if (SaveAttemptFailures > _saveFailuresAtStop)
            {
                // The store refuses or a state cannot be serialized: end the stop with the error instead of
                // retrying forever, and never report success while state is unsaved.
                EndStop(new InvalidOperationException(
                    $"Actors of type {TypeName}: the final save failed ({_dirty.Count} actors unsaved); unsaved state is lost. {_lastSaveError?.Message}",
                    _lastSaveError));
                return true;
            }

            if (_dirty.Count == 0)
            {
                break;
            }

            _urgentSave = true;
            StartSave(); // may complete inline (SQLite's saves do): then nothing else would wake the worker
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
        foreach (var read in _deferredReads)
        {
            read.Fail(stopped);
        }

        _deferredReads.Clear();
        FailFlushes(stopped);
        while (_commands.TryDequeue(out var command))
        {
            command.Fail(stopped);
        }

        var batch = Queue.Swap(_spare, out var count, _urgent);
        _urgent.Clear();
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
