using System.Buffers;
using Realtime.Actors.Diagnostics;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Internal;

/// <summary>Write-behind: dirty actors are saved in batches, one batch in flight per shard.</summary>
internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    private readonly List<Activation> _dirty = [];
    // Flushes whose messages are processed, waiting for the saves: (waiter, loads started before it). A message that
    // arrived while its actor's state was loading is parked, not processed: the flush also waits for those loads.
    private readonly List<(TaskCompletionSource Done, long LoadsBefore)> _flushWaiters = [];

    // Commands that must wait for the save in flight to land (an erase).
    private readonly List<Command> _afterSave = [];

    // Flushes waiting for the messages queued before them: (waiter, batches taken when it arrived).
    private readonly List<(TaskCompletionSource Done, long AfterBatch)> _pendingFlushes = [];
    private long _batchesTaken;
    private readonly ITimer _saveTimer;
    private ArrayBufferWriter<byte>? _writer;
    private bool _saveInFlight;
    private bool _saveTimerArmed;

    // The latest save or serialize failure, reported by a stop that could not save everything.
    private Exception? _lastSaveError;

    // Save everything dirty now, batch after batch (a flush, a save tick, an idle actor waiting to be dropped, a stop).
    private bool _urgentSave;

    private void ArmSaveTimer()
    {
        if (!_saveTimerArmed)
        {
            _saveTimerArmed = true;
            _saveTimer.Change(_options.SaveInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void SaveNow()
    {
        _urgentSave = true;
        StartSave();
        CompleteFlushesIfClean();
    }

    private void StartSave()
    {
        if (_saveInFlight || _killed)
        {
            return;
        }

        var count = Math.Min(_dirty.Count, _options.SaveBatchSize);
        var batch = new List<Activation>(count);
        var writes = new List<StateWrite>(count);
        List<Activation>? unserializable = null;
        _writer ??= NewWriter();
        while (batch.Count < count && _dirty.Count > 0)
        {
            var activation = _dirty[^1];
            _dirty.RemoveAt(_dirty.Count - 1);
            activation.Dirty = false;
            if (activation.Status != ActivationStatus.Active)
            {
                continue;
            }

            _writer.ResetWrittenCount();
            try
            {
                _behavior.Serialize(activation.State, _writer);
                activation.SaveError = null;
            }
            catch (Exception ex)
            {
                // The state is still unsaved: keep it dirty (set aside so this pass does not retry it).
                SerializeFailures++;
                activation.SaveError = new ActorStateNotSavedException(IdOf(activation.Key), ex);
                ActorRuntimeLog.SerializeFailed(_logger, IdOf(activation.Key), ex);
                (unserializable ??= []).Add(activation);
                continue;
            }

            activation.SaveInFlight = true;
            batch.Add(activation);
            writes.Add(new StateWrite(IdOf(activation.Key), _writer.WrittenSpan.ToArray(), activation.Version, activation.LogPosition, activation.DueAt));
        }

        if (unserializable is not null)
        {
            KeepUnsaved(unserializable);
        }

        if (batch.Count == 0)
        {
            return;
        }

        _saveInFlight = true;
        ValueTask<IReadOnlyList<WriteResult>> write;
        try
        {
            write = _store.WriteAsync(writes, _lifetime.Token);
        }
        catch (Exception ex)
        {
            write = ValueTask.FromException<IReadOnlyList<WriteResult>>(ex);
        }

        if (write.IsCompleted)
        {
            IReadOnlyList<WriteResult>? results = null;
            Exception? error = null;
            try
            {
                results = write.Result;
            }
            catch (Exception ex)
            {
                error = ex;
            }

            FinishSave(batch, results, error);
        }
        else
        {
            _ = AwaitSaveAsync(batch, write);
        }
    }

    /// <summary>
    /// Actors whose state could not be serialized stay dirty, so the next save retries them (after the save
    /// interval, not in a loop), and are never dropped as clean. What waited for them to be saved (a flush, a
    /// deactivation) fails with the reason.
    /// </summary>
    private void KeepUnsaved(List<Activation> unserializable)
    {
        foreach (var activation in unserializable)
        {
            activation.Dirty = true;
            _dirty.Add(activation);
        }

        var error = unserializable[0].SaveError!;
        _lastSaveError = error;
        _urgentSave = false;
        ArmSaveTimer();
        FailFlushes(error);
        for (var i = _afterSave.Count - 1; i >= 0; i--)
        {
            if (_afterSave[i] is Deactivate deactivate
                && _activations.TryGetValue(deactivate.Key, out var activation)
                && unserializable.Contains(activation)
                && activation.SaveError is { } saveError)
            {
                _afterSave.RemoveAt(i);
                deactivate.Fail(saveError);
            }
        }
    }

    private async Task AwaitSaveAsync(List<Activation> batch, ValueTask<IReadOnlyList<WriteResult>> write)
    {
        IReadOnlyList<WriteResult>? results = null;
        Exception? error = null;
        try
        {
            results = await write;
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Post(new SaveCompleted(batch, results, error));
    }

    private void FinishSave(List<Activation> batch, IReadOnlyList<WriteResult>? results, Exception? error)
    {
        FinishSaveCore(batch, results, error);
        if (error is not null)
        {
            // Whatever waited for this save (an erase, a deactivation) learns it failed.
            var waiting = _afterSave.ToArray();
            _afterSave.Clear();
            foreach (var command in waiting)
            {
                command.SaveFailed(this, error);
            }
        }
        else if (_afterSave.Count > 0 && !_saveInFlight)
        {
            var waiting = _afterSave.ToArray();
            _afterSave.Clear();
            foreach (var command in waiting)
            {
                command.Run(this);
            }
        }
    }

    private void FinishSaveCore(List<Activation> batch, IReadOnlyList<WriteResult>? results, Exception? error)
    {
        _saveInFlight = false;
        if (error is null && (results is null || results.Count != batch.Count))
        {
            error = new InvalidOperationException($"The state store returned {results?.Count} results for {batch.Count} writes.");
        }

        if (error is not null)
        {
            SaveFailures++;
            _lastSaveError = error;
            ActorRuntimeLog.SaveFailed(_logger, TypeName, batch.Count, error);
            foreach (var activation in batch)
            {
                activation.SaveInFlight = false;
                if (!activation.Dirty && activation.Status == ActivationStatus.Active)
                {
                    activation.Dirty = true;
                    _dirty.Add(activation);
                }
            }

            // Retry after the save interval rather than hammering a failing store.
            _urgentSave = false;
            ArmSaveTimer();
            FailFlushes(error);
            return;
        }

        var conflicts = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var activation = batch[i];
            activation.SaveInFlight = false;
            if (results![i].Conflict)
            {
                // Someone saved a newer version: this activation is stale. Drop it; the next message reloads.
                conflicts++;
                ActorRuntimeLog.SaveConflict(_logger, IdOf(activation.Key), activation.Version);
                if (activation.Status == ActivationStatus.Active)
                {
                    Drop(activation, DeactivationReason.Conflict);
                }

                continue;
            }

            activation.Version = results[i].NewVersion;
            if (activation.Deactivating && !activation.Dirty && activation.Status == ActivationStatus.Active)
            {
                Drop(activation, DeactivationReason.Idle);
            }
        }

        StatesSaved += batch.Count - conflicts;
        SaveConflicts += conflicts;
        _metrics.RecordSaveBatch(batch.Count);
        Notify(static (o, _, c) => o.OnSaved(c.Saved, c.Conflicts), "*", (Saved: batch.Count - conflicts, Conflicts: conflicts));
        if (_dirty.Count > 0 && (_urgentSave || _dirty.Count >= _options.SaveBatchSize))
        {
            StartSave();
        }
        else if (_dirty.Count > 0)
        {
            ArmSaveTimer();
        }

        CompleteFlushesIfClean();
    }

    /// <summary>Starts the flushes whose messages are processed: those that arrived before batch <paramref name="taken"/>.</summary>
    private void StartPendingFlushes(long taken)
    {
        if (_pendingFlushes.Count == 0)
        {
            return;
        }

        for (var i = _pendingFlushes.Count - 1; i >= 0; i--)
        {
            if (_pendingFlushes[i].AfterBatch < taken)
            {
                _flushWaiters.Add((_pendingFlushes[i].Done, _nextLoadTicket));
                _pendingFlushes.RemoveAt(i);
            }
        }

        SaveNow();
    }

    // A load a flush may wait for has landed and its parked messages have run: save them now if a flush waits.
    private void LoadFinished(Activation activation)
    {
        _loadsPending.Remove(activation.LoadTicket);
        activation.LoadTicket = -1;
        if (_flushWaiters.Count > 0)
        {
            SaveNow();
        }
    }

    private void CompleteFlushesIfClean()
    {
        if (_dirty.Count > 0 || _saveInFlight)
        {
            return;
        }

        var oldestLoad = _loadsPending.Count > 0 ? _loadsPending.Min : long.MaxValue;
        for (var i = _flushWaiters.Count - 1; i >= 0; i--)
        {
            if (_flushWaiters[i].LoadsBefore <= oldestLoad)
            {
                _flushWaiters[i].Done.TrySetResult();
                _flushWaiters.RemoveAt(i);
            }
        }

        if (_flushWaiters.Count == 0)
        {
            _urgentSave = false;
        }
    }

    private void FailFlushes(Exception error)
    {
        if (_killed)
        {
            foreach (var (done, _) in _pendingFlushes)
            {
                done.TrySetException(error);
            }

            _pendingFlushes.Clear();
        }

        foreach (var (waiter, _) in _flushWaiters)
        {
            waiter.TrySetException(error);
        }

        _flushWaiters.Clear();
    }
}
