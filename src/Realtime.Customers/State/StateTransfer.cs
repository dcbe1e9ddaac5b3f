namespace Realtime.Customers.State;

/// <summary>
/// Copies history between states whose arrays may be laid out by different rulesets, matching event types and
/// rules by name. Used to re-lay out a customer for a new ruleset and to merge an anonymous visitor into a customer.
/// </summary>
internal static class StateTransfer
{
    /// <summary>Moves everything from <paramref name="from"/> into an empty state laid out for another ruleset.</summary>
    public static void MoveInto(CustomerState from, CustomerState to)
    {
        to.AnonymousIdList = from.AnonymousIdList;
        to.Traits.CopyFrom(from.Traits);
        to.FirstSeenAt = from.FirstSeenAt;
        to.LastSeenAt = from.LastSeenAt;
        to.UpdatedAt = from.UpdatedAt;
        to.EventCount = from.EventCount;
        to.Score = from.Score;
        to.Grade = from.Grade;
        to.Stage = from.Stage;
        to.DueAt = from.DueAt;
        var segments = new SegmentSet();
        for (var i = 0; i < from.Ruleset.Segments.Length; i++)
        {
            var index = to.Ruleset.SegmentIndexOf(from.Ruleset.Segments[i].Id);
            if (from.Segments.Contains(i) && index >= 0)
            {
                segments = segments.With(index, true);
            }
        }

        to.Segments = segments;
        var tier = from.Tier;
        to.TierIndex = tier is null ? -1 : Array.FindIndex(to.Ruleset.Tiers, t => t.Id == tier);
        to.LastTraitsEventId = from.LastTraitsEventId;
        CopyCounters(from, to);
        to.ScoreHistory.AppendAll(from.ScoreHistory);
        CopyLog(from.StageHistory, ref to.StageHistory);
        CopyLog(from.SegmentHistory, ref to.SegmentHistory);
        CopyLog(from.Interactions, ref to.Interactions);
    }

    /// <summary>Adds an anonymous visitor's history to a customer (the customer's own traits win).</summary>
    public static void AddInto(CustomerState source, CustomerState target)
    {
        var first = !target.HasSeenEvents;
        target.Traits.FillMissingFrom(source.Traits);
        target.LastTraitsEventId ??= source.LastTraitsEventId;
        target.FirstSeenAt = first ? source.FirstSeenAt : Math.Min(target.FirstSeenAt, source.FirstSeenAt);
        target.LastSeenAt = Math.Max(target.LastSeenAt, source.LastSeenAt);
        target.EventCount += source.EventCount;
        CopyCounters(source, target);
        var merged = new List<InteractionEntry>();
        for (var i = 0; i < target.Interactions.Count; i++)
        {
            merged.Add(target.Interactions[i]);
        }

        for (var i = 0; i < source.Interactions.Count; i++)
        {
            merged.Add(source.Interactions[i]);
        }

        target.Interactions.Clear();
        foreach (var entry in merged.OrderBy(e => e.At))
        {
            target.Interactions.Add(entry);
        }
    }

    /// <summary>Adds per-type counters, timestamps and amounts, and per-rule firings, by name.</summary>
    private static void CopyCounters(CustomerState from, CustomerState to)
    {
        var fromTypes = from.Ruleset.Types;
        var toTypes = to.Ruleset.Types;
        for (var t = 0; t < fromTypes.Count; t++)
        {
            var target = toTypes.IndexOf(fromTypes.NameOf(t));
            if (target < 0)
            {
                continue;
            }

            to.TypeTotals[target] += from.TypeTotals[t];
            to.TypeLast[target] = Math.Max(to.TypeLast[target], from.TypeLast[t]);
            var offset = fromTypes.OffsetOf(t);
            var toOffset = toTypes.OffsetOf(target);
            var toCapacity = toTypes.CapacityOf(target);
            for (var i = 0; i < fromTypes.CapacityOf(t); i++)
            {
                var at = from.TypeRing[offset + i];
                if (at == CustomerState.Empty || toCapacity == 0)
                {
                    continue;
                }

                var slot = EventHistory.OldestSlot(to.TypeRing, toOffset, toCapacity);
                if (to.TypeRing[slot] == CustomerState.Empty || to.TypeRing[slot] < at)
                {
                    to.WritableTypeRing[slot] = at;
                    if (target == toTypes.PurchaseIndex)
                    {
                        var amount = from.PurchaseAmountAt(i);
                        if (amount != 0 || to.PurchaseAmounts.Length > 0)
                        {
                            to.WritablePurchaseAmounts[slot - toOffset] = amount;
                        }
                    }
                }
            }
        }

        to.PurchaseTotal += from.PurchaseTotal;
        for (var r = 0; r < from.Ruleset.Rules.Length; r++)
        {
            var rule = from.Ruleset.Rules[r];
            var target = Array.FindIndex(to.Ruleset.Rules, x => x.Id == rule.Id);
            if (target < 0)
            {
                continue;
            }

            var targetRule = to.Ruleset.Rules[target];
            var bothEventRules = rule.IsEventRule && targetRule.IsEventRule;

            // The target's own ids first (a merged visitor's events came before it was identified), then the source's.
            List<string> ids = bothEventRules ? [.. RuleEventIdRing.Newest(to, target, int.MaxValue), .. RuleEventIdRing.Newest(from, r, int.MaxValue)] : [];
            to.RuleTimes[target] = targetRule.IsEventRule ? to.RuleTimes[target] + from.RuleTimes[r] : Math.Max(to.RuleTimes[target], Math.Min(from.RuleTimes[r], 1));
            for (var i = 0; i < rule.FireCapacity && targetRule.FireCapacity > 0; i++)
            {
                var at = from.RuleFireRing[rule.FireOffset + i];
                if (at != CustomerState.Empty)
                {
                    EventHistory.InsertNewest(to.WritableRuleFireRing, targetRule.FireOffset, targetRule.FireCapacity, at);
                }
            }

            if (!rule.IsEventRule && !targetRule.IsEventRule && to.RuleTimes[target] != 0)
            {
                if (from.ConditionEventIdAt(Array.IndexOf(from.Ruleset.ConditionRules, r)) is { } fromEvent)
                {
                    ref var conditionEvent = ref to.WritableConditionEventIds[Array.IndexOf(to.Ruleset.ConditionRules, target)];
                    conditionEvent ??= fromEvent;
                }
            }

            if (bothEventRules)
            {
                RuleEventIdRing.Replace(to, target, ids);
            }
        }
    }

    private static void CopyLog<T>(in BoundedLog<T> from, ref BoundedLog<T> to)
        where T : struct
    {
        for (var i = Math.Max(0, from.Count - to.Capacity); i < from.Count; i++)
        {
            to.Add(from[i]);
        }
    }
}
