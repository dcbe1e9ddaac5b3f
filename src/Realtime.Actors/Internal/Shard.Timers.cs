namespace Realtime.Actors.Internal;

/// <summary>Durable wake-ups and idle deactivation, each driven by one timer per shard from the injected clock.</summary>
internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    // Keys by due time. Entries are never removed early: a stale entry is checked against the actor when it pops.
    private readonly PriorityQueue<string, DateTimeOffset> _due = new();
    private readonly ITimer _dueTimer;
    private readonly ITimer _idleTimer;
    private DateTimeOffset? _dueTimerAt;
    private bool _idleTimerArmed;

    private void PostTick(TickKind kind) => Post(new Tick(kind, _time.GetUtcNow()));

    private void ScheduleDue(Activation activation)
    {
        if (activation.DueAt is not { } due || (activation.ScheduledDue is { } scheduled && scheduled <= due))
        {
            return;
        }

        activation.ScheduledDue = due;
        ScheduleKey(activation.Key, due);
    }

    private void ScheduleKey(string key, DateTimeOffset due)
    {
        _due.Enqueue(key, due);
        if (_dueTimerAt is null || due < _dueTimerAt)
        {
            ArmDueTimer(due);
        }
    }

    private void ArmDueTimer(DateTimeOffset due)
    {
        _dueTimerAt = due;
        ArmAt(_dueTimer, TickKind.Due, due);
    }

    /// <summary>
    /// Arms <paramref name="timer"/> to fire at the instant <paramref name="at"/> of the injected clock. A timer takes
    /// a delay, and the clock may move between reading it and the timer reading it (another thread advancing a fake
    /// clock, or real time passing), which would arm it late by that much: so arm again while the clock moved during
    /// arming (a few tries; a real clock's microseconds do not matter). An instant already passed is posted as a tick
    /// at once rather than left to a zero-delay timer.
    /// </summary>
    private void ArmAt(ITimer timer, TickKind kind, DateTimeOffset at)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = _time.GetUtcNow();
            if (at <= now)
            {
                timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                PostTick(kind);
                return;
            }

            timer.Change(at - now, Timeout.InfiniteTimeSpan);
            if (_time.GetUtcNow() == now)
            {
                return;
            }
        }
    }

    private void OnDueTick()
    {
        _dueTimerAt = null;
        while (_due.TryPeek(out var key, out var at) && at <= _now)
        {
            _due.Dequeue();
            if (_activations.TryGetValue(key, out var activation))
            {
                if (activation.ScheduledDue == at)
                {
                    activation.ScheduledDue = null;
                }
            }
            else
            {
                // Not active: wake it from the store, with no message.
                activation = BeginActivation(key);
            }

            switch (activation.Status)
            {
                case ActivationStatus.Active:
                    WakeIfDue(activation);
                    break;
                case ActivationStatus.Loading:
                    WaitForLoad(activation, new WakeUp(key));
                    break;
            }
        }

        if (_due.TryPeek(out _, out var next))
        {
            ArmDueTimer(next);
        }
    }

    /// <summary>A due time read from the store for an actor that may not be active.</summary>
    private void OnStoredDue(string key, DateTimeOffset due)
    {
        if (_activations.ContainsKey(key))
        {
            return;
        }

        ScheduleKey(key, due);
        if (due <= _now)
        {
            // Overdue (it fell due while the runtime was down): wake now rather than on a zero-delay timer.
            OnDueTick();
        }
    }

    private void ArmIdleTimerForNewActivation()
    {
        if (!_idleTimerArmed)
        {
            ArmIdleTimer(_now + _options.IdleTimeout);
        }
    }

    private void ArmIdleTimer(DateTimeOffset at)
    {
        _idleTimerArmed = true;
        ArmAt(_idleTimer, TickKind.Idle, at);
    }

    private void OnIdleTick()
    {
        _idleTimerArmed = false;
        var idleBefore = _now.UtcTicks - _options.IdleTimeout.Ticks;
        var earliestActive = long.MaxValue;
        var waitingForSave = false;
        foreach (var activation in _activations.Values)
        {
            if (activation.Status != ActivationStatus.Active)
            {
                continue;
            }

            if (activation.LastActiveTicks > idleBefore)
            {
                earliestActive = Math.Min(earliestActive, activation.LastActiveTicks);
            }
            else if (activation.Dirty || activation.SaveInFlight)
            {
                // Saved first, dropped when the save lands (unless a message arrives before).
                activation.Deactivating = true;
                waitingForSave = true;
            }
            else
            {
                Drop(activation, DeactivationReason.Idle);
            }
        }

        if (waitingForSave)
        {
            SaveNow();
        }

        if (earliestActive != long.MaxValue || waitingForSave)
        {
            var nextExpiry = earliestActive == long.MaxValue
                ? _now + _options.IdleTimeout
                : new DateTimeOffset(earliestActive, TimeSpan.Zero) + _options.IdleTimeout;
            var notBefore = _now + _options.IdleScanInterval;
            ArmIdleTimer(nextExpiry > notBefore ? nextExpiry : notBefore);
        }

        PruneDueQueue();
    }

    /// <summary>
    /// Drops due entries of inactive actors that are far off (the store scan finds them again in time), so keys of
    /// dropped actors are not kept alive for months.
    /// </summary>
    private void PruneDueQueue()
    {
        if (_due.Count <= 2 * _activations.Count + 1024)
        {
            return;
        }

        var horizon = _now + (2 * _options.DueScanInterval);
        var kept = new List<(string Key, DateTimeOffset Due)>();
        foreach (var (key, due) in _due.UnorderedItems)
        {
            if (due <= horizon || _activations.ContainsKey(key))
            {
                kept.Add((key, due));
            }
        }

        _due.Clear();
        _due.EnqueueRange(kept);
    }
}

internal enum TickKind : byte
{
    Due,
    Idle,
    Save,
}
