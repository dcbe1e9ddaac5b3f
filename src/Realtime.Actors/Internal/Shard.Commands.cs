using Realtime.Actors.Diagnostics;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Internal;

/// <summary>Work that reaches a shard besides messages; it runs ahead of queued messages, on the shard's worker.</summary>
internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    internal abstract class Command
    {
        public abstract void Run(Shard<TState, TMessage, TReply, TChange, TView> shard);

        /// <summary>The actor this command waited for could not be activated, or the runtime was killed.</summary>
        public virtual void Fail(Exception error)
        {
        }

        /// <summary>The save this command waited for failed.</summary>
        public virtual void SaveFailed(Shard<TState, TMessage, TReply, TChange, TView> shard, Exception error) => Fail(error);
    }

    private sealed class LoadCompleted(Activation activation, StoredState? stored, Exception? error) : Command
    {
        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            shard._loadsInFlight--;
            shard.FinishLoad(activation, stored, error);
            shard.LoadFinished(activation);
        }
    }

    private sealed class SaveCompleted(List<Activation> batch, IReadOnlyList<WriteResult>? results, Exception? error) : Command
    {
        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard) => shard.FinishSave(batch, results, error);
    }

    private sealed class Tick(TickKind kind, DateTimeOffset firedAt) : Command
    {
        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            // Run as of the instant the timer fired, so a wake-up sees its exact due time even if the clock moved on.
            shard._now = firedAt;

            switch (kind)
            {
                case TickKind.Due:
                    shard.OnDueTick();
                    break;
                case TickKind.Idle:
                    shard.OnIdleTick();
                    break;
                default:
                    shard._saveTimerArmed = false;
                    shard.SaveNow();
                    break;
            }

            shard._now = shard._time.GetUtcNow();
        }
    }

    private sealed class WakeUp(string key) : Command
    {
        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            if (shard._activations.TryGetValue(key, out var activation))
            {
                shard.WakeIfDue(activation);
            }
        }
    }

    internal sealed class StoredDue(string key, DateTimeOffset due) : Command
    {
        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard) => shard.OnStoredDue(key, due);
    }

    /// <summary>A read-only look at an actor's state; activates the actor if needed but never waits behind its queue.</summary>
    internal sealed class Read<TResult>(string key, Func<TState, TResult> read) : Command
    {
        private readonly TaskCompletionSource<TResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TResult> Task => _result.Task;

        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            if (!shard._activations.TryGetValue(key, out var activation))
            {
                if (shard.LoadsFull)
                {
                    // Too much already waits for loads: start this one later, as a message would wait.
                    shard._deferredReads.Add(this);
                    return;
                }

                activation = shard.BeginActivation(key);
            }

            switch (activation.Status)
            {
                case ActivationStatus.Active:
                    try
                    {
                        _result.TrySetResult(read(activation.State));
                    }
                    catch (Exception ex)
                    {
                        _result.TrySetException(new ActorTurnException(shard.IdOf(key), ex));
                    }

                    break;
                case ActivationStatus.Loading:
                    shard.WaitForLoad(activation, this);
                    break;
                default:
                    _result.TrySetException(activation.Failure!);
                    break;
            }
        }

        public override void Fail(Exception error) => _result.TrySetException(error);
    }

    /// <summary>Drops the actor without saving and deletes its stored state, after any save of it has landed.</summary>
    internal sealed class Erase(string key) : Command
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            if (shard._activations.TryGetValue(key, out var activation))
            {
                if (activation.Status == ActivationStatus.Loading)
                {
                    shard.WaitForLoad(activation, this);
                    return;
                }

                if (activation.SaveInFlight)
                {
                    // A save landing after the delete would bring the state back: delete once it has landed.
                    shard._afterSave.Add(this);
                    return;
                }

                shard.Drop(activation, DeactivationReason.Erased);
            }

            _ = DeleteAsync(shard);
        }

        public override void Fail(Exception error) => _done.TrySetException(error);

        // The store still holds only older state, which the erase deletes anyway.
        public override void SaveFailed(Shard<TState, TMessage, TReply, TChange, TView> shard, Exception error) => Run(shard);

        private async Task DeleteAsync(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            try
            {
                await shard._store.DeleteAsync(shard.IdOf(key), CancellationToken.None);
                ActorRuntimeLog.Erased(shard._logger, shard.IdOf(key));
                _done.TrySetResult();
            }
            catch (Exception ex)
            {
                _done.TrySetException(ex);
            }
        }
    }

    /// <summary>Saves the actor if it changed, then drops it (as an idle deactivation would, but now).</summary>
    internal sealed class Deactivate(string key) : Command
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public string Key => key;

        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            if (!shard._activations.TryGetValue(key, out var activation))
            {
                _done.TrySetResult();
                return;
            }

            if (activation.Status == ActivationStatus.Loading)
            {
                shard.WaitForLoad(activation, this);
                return;
            }

            if (activation.Dirty || activation.SaveInFlight)
            {
                // Save first; try again once the save lands (a message arriving meanwhile just means another save).
                shard._afterSave.Add(this);
                shard.SaveNow();
                return;
            }

            shard.Drop(activation, DeactivationReason.Idle);
            _done.TrySetResult();
        }

        public override void Fail(Exception error) => _done.TrySetException(error);
    }

    internal sealed class Flush : Command
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            // Covers every message accepted before the flush: those are in the queue, so save after the next batch.
            shard._pendingFlushes.Add((_done, shard._batchesTaken));
        }

        public override void Fail(Exception error) => _done.TrySetException(error);
    }

    internal sealed class Stop(bool kill) : Command
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public override void Run(Shard<TState, TMessage, TReply, TChange, TView> shard)
        {
            if (kill)
            {
                shard._killed = true;
                shard._stopped ??= _done;
                _done.TrySetResult();
                return;
            }

            shard._saveFailuresAtStop = shard.SaveAttemptFailures;
            shard._stopped ??= _done;
        }

        public override void Fail(Exception error) => _done.TrySetException(error);
    }
}
