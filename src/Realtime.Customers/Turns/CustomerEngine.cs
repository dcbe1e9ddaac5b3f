using Realtime.Contracts.V1;
using Realtime.Customers.Expressions;
using Realtime.Customers.Rules;
using Realtime.Customers.Scoring;
using Realtime.Customers.State;

namespace Realtime.Customers.Turns;

/// <summary>
/// The customer actor's logic: state + event (+ now) → state changes + emitted changes. Pure: no I/O, no clock,
/// no threads. Turns are atomic for the host: the workspace keeps an undo copy and restores it if evaluation throws
/// (the exception then propagates and the state is as before the turn).
/// </summary>
public sealed class CustomerEngine(CustomerEngineOptions? options = null)
{
    private readonly long _maxFutureSkewMs = (long)(options ?? new CustomerEngineOptions()).MaxFutureSkew.TotalMilliseconds;

    public static CustomerState CreateState(CompiledRuleset ruleset, string customerId) => new(ruleset, customerId);

    /// <summary>Applies one event. Rejected events change nothing; the reason says why.</summary>
    public TurnResult Apply(TurnWorkspace workspace, CustomerState state, Event @event, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var (reason, message) = EventValidator.Validate(@event, nowMs, _maxFutureSkewMs);
        if (reason != RejectionReason.None)
        {
            workspace.Clear();
            return new TurnResult(TurnOutcome.Rejected, reason, message, null, state.DueAt);
        }

        workspace.Begin(state);
        try
        {
            var type = EventTypes.NameOf(@event);
            var at = EventValidator.ToUnixMs(@event.OccurredAt);
            var changed = EventRecorder.Record(workspace, state, @event, type, at, nowMs, out var stageSetByCrm);
            if (nowMs >= state.DueAt)
            {
                changed |= ReadSet.Time;
            }

            Evaluate(workspace, state, nowMs, changed, type, @event, runLifecycle: !stageSetByCrm);
            workspace.End(state);
            return new TurnResult(TurnOutcome.Accepted, RejectionReason.None, null, PendingMerge(state, @event), state.DueAt);
        }
        catch
        {
            workspace.Undo(state);
            throw;
        }
    }

    /// <summary>The due wake-up: re-evaluates every time-dependent condition at <paramref name="now"/>, with no event.</summary>
    public TurnResult Wake(TurnWorkspace workspace, CustomerState state, DateTimeOffset now) =>
        Reevaluate(workspace, state, now, ReadSet.Time | ReadSet.CurrentEvent, "time");

    /// <summary>Re-evaluates the customer under a newly published ruleset (memberships carried by segment id).</summary>
    public TurnResult Rebind(TurnWorkspace workspace, CustomerState state, CompiledRuleset ruleset, DateTimeOffset now)
    {
        workspace.Begin(state);
        try
        {
            if (!ReferenceEquals(state.Ruleset, ruleset))
            {
                var fresh = new CustomerState(ruleset, state.CustomerId);
                StateTransfer.MoveInto(state, fresh);
                state.CopyFrom(fresh);
            }

            Evaluate(workspace, state, now.ToUnixTimeMilliseconds(), ReadSet.All, "ruleset", null, runLifecycle: true);
            state.NeedsRebind = false;
            workspace.End(state);
            return new TurnResult(TurnOutcome.Accepted, RejectionReason.None, null, null, state.DueAt);
        }
        catch
        {
            workspace.Undo(state);
            throw;
        }
    }

    /// <summary>
    /// Merges an identified visitor's anonymous state into the customer, once per anonymous id: counters, timestamps,
    /// rule firings (they count toward the score), missing traits and interactions. <paramref name="anonymous"/> may be
    /// null when the visitor left no state; the id is still recorded.
    /// </summary>
    public TurnResult Merge(TurnWorkspace workspace, CustomerState target, string anonymousId, CustomerState? anonymous, DateTimeOffset now)
    {
        if (Array.IndexOf(target.AnonymousIdList, anonymousId) >= 0)
        {
            workspace.Clear();
            return new TurnResult(TurnOutcome.Accepted, RejectionReason.None, null, null, target.DueAt);
        }

        workspace.Begin(target);
        try
        {
            target.AnonymousIdList = [.. target.AnonymousIdList, anonymousId, .. anonymous?.AnonymousIdList ?? []];
            if (anonymous is { HasSeenEvents: true })
            {
                var first = !target.HasSeenEvents;
                StateTransfer.AddInto(anonymous, target);
                if (first)
                {
                    MoveStage(workspace, target, anonymous.Stage == LifecycleStage.Unspecified ? target.Ruleset.InitialStage : anonymous.Stage, now.ToUnixTimeMilliseconds(), "merge");
                }
            }

            Evaluate(workspace, target, now.ToUnixTimeMilliseconds(), ReadSet.All, "merge", null, runLifecycle: true);
            workspace.End(target);
            return new TurnResult(TurnOutcome.Accepted, RejectionReason.None, null, null, target.DueAt);
        }
        catch
        {
            workspace.Undo(target);
            throw;
        }
    }

    private static TurnResult Reevaluate(TurnWorkspace workspace, CustomerState state, DateTimeOffset now, ulong changed, string reason)
    {
        workspace.Begin(state);
        try
        {
            if (state.HasSeenEvents)
            {
                Evaluate(workspace, state, now.ToUnixTimeMilliseconds(), changed, reason, null, runLifecycle: true);
            }

            workspace.End(state);
            return new TurnResult(TurnOutcome.Accepted, RejectionReason.None, null, null, state.DueAt);
        }
        catch
        {
            workspace.Undo(state);
            throw;
        }
    }

    private static string? PendingMerge(CustomerState state, Event @event) =>
        @event.CustomerId.Length > 0 && @event.AnonymousId.Length > 0 && @event.AnonymousId != state.CustomerId
            && Array.IndexOf(state.AnonymousIdList, @event.AnonymousId) < 0
            ? @event.AnonymousId
            : null;

    /// <summary>Score, grade, lifecycle, segments, tier and the next due time, re-evaluating only what read a change.</summary>
    internal static void Evaluate(TurnWorkspace workspace, CustomerState state, long now, ulong changed, string reason, Event? @event, bool runLifecycle)
    {
        var ruleset = state.Ruleset;
        var context = workspace.Context;
        context.State = state;
        context.Now = now;
        context.Event = @event;
        var conditionRules = ruleset.ConditionRules;
        for (var i = 0; i < conditionRules.Length; i++)
        {
            var ruleIndex = conditionRules[i];
            var condition = ruleset.Rules[ruleIndex].Condition!;
            if ((condition.Reads & changed) != 0)
            {
                var holds = condition.Evaluate(context) ? 1 : 0;
                if (holds != state.RuleTimes[ruleIndex])
                {
                    state.RuleTimes[ruleIndex] = holds;
                    var eventId = holds != 0 ? @event?.EventId : null;
                    if (eventId is not null || state.ConditionEventIds.Length > 0)
                    {
                        state.WritableConditionEventIds[i] = eventId;
                    }
                }
            }
        }

        changed |= UpdateScore(workspace, state, now, reason);
        if (runLifecycle)
        {
            changed |= RunLifecycle(workspace, state, context, changed);
        }

        UpdateSegments(workspace, state, context, changed, reason);
        if ((ruleset.TierReads & changed) != 0 || state.TierIndex < 0)
        {
            UpdateTier(workspace, state, context, reason);
        }

        state.DueAt = DueTime.Compute(state, context);
        state.UpdatedAt = now;
        context.Event = null;
    }

    private static ulong UpdateScore(TurnWorkspace workspace, CustomerState state, long now, string reason)
    {
        var changed = 0UL;
        var score = ScoreCalculator.Compute(state, now).Score;
        var grade = state.Ruleset.GradeFor(score);
        if (score != state.Score)
        {
            workspace.Add(new CustomerChange(ChangeKind.ScoreChanged, now, state.Score, score, state.Grade, grade, Reason: reason));
            state.Score = score;
            changed |= ReadSet.Score;
            state.ScoreHistory.Record(now, score, state.Ruleset.Limits.ScoreHistoryCoalesceMs);
        }

        if (!string.Equals(grade, state.Grade, StringComparison.Ordinal))
        {
            workspace.Add(new CustomerChange(ChangeKind.GradeChanged, now, state.Score, score, state.Grade, grade, Reason: reason));
            state.Grade = grade;
            changed |= ReadSet.Grade;
        }

        return changed;
    }

    private static ulong RunLifecycle(TurnWorkspace workspace, CustomerState state, EvaluationContext context, ulong changed)
    {
        var moved = 0UL;
        var rules = state.Ruleset.LifecycleRules;

        // A few passes let one event move a customer more than one step (a lead's first purchase).
        for (var pass = 0; pass < 4; pass++)
        {
            var movedThisPass = false;
            foreach (var rule in rules)
            {
                if (rule.AppliesFrom(state.Stage) && rule.To != state.Stage
                    && ((rule.Condition.Reads | ReadSet.Stage) & (changed | moved)) != 0
                    && rule.Condition.Evaluate(context))
                {
                    MoveStage(workspace, state, rule.To, context.Now, rule.Id);
                    moved |= ReadSet.Stage;
                    movedThisPass = true;
                    break;
                }
            }

            if (!movedThisPass)
            {
                break;
            }
        }

        return moved;
    }

    internal static bool MoveStage(TurnWorkspace workspace, CustomerState state, LifecycleStage to, long now, string reason)
    {
        if (state.Stage == to)
        {
            return false;
        }

        workspace.Add(new CustomerChange(ChangeKind.StageChanged, now, OldStage: state.Stage, NewStage: to, Reason: reason));
        state.StageHistory.Add(new StageMove(now, state.Stage, to, reason));
        state.Stage = to;
        return true;
    }

    private static void UpdateSegments(TurnWorkspace workspace, CustomerState state, EvaluationContext context, ulong changed, string reason)
    {
        var segments = state.Ruleset.Segments;
        var members = state.Segments;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if ((segment.Condition.Reads & changed) == 0)
            {
                continue;
            }

            var member = segment.Condition.Evaluate(context);
            if (member != members.Contains(i))
            {
                members = members.With(i, member);
                workspace.Add(new CustomerChange(member ? ChangeKind.SegmentEntered : ChangeKind.SegmentLeft, context.Now,
                    state.Score, state.Score, NewValue: segment.Id, Reason: reason));
                state.SegmentHistory.Add(new SegmentHistoryEntry(context.Now, segment.Id, member, reason));
            }
        }

        state.Segments = members;
    }

    private static void UpdateTier(TurnWorkspace workspace, CustomerState state, EvaluationContext context, string reason)
    {
        var tiers = state.Ruleset.Tiers;
        var tier = -1;
        for (var i = 0; i < tiers.Length; i++)
        {
            if (tiers[i].Condition is not { } condition || condition.Evaluate(context))
            {
                tier = i;
                break;
            }
        }

        if (tier != state.TierIndex)
        {
            workspace.Add(new CustomerChange(ChangeKind.TierChanged, context.Now, OldValue: state.Tier, NewValue: tier >= 0 ? tiers[tier].Id : null, Reason: reason));
            state.TierIndex = tier;
        }
    }
}

/// <summary>Engine settings that are the server's, not the ruleset's.</summary>
public sealed record CustomerEngineOptions
{
    /// <summary>How far in the future an event's time may be (clock skew between senders and us) before it is rejected.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);
}
