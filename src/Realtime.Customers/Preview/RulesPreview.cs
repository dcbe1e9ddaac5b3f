using Realtime.Contracts.V1;
using Realtime.Customers.Expressions;
using Realtime.Customers.Lifecycle;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Preview;

/// <summary>
/// Rules.Preview: evaluates a candidate ruleset on copies of customer states and reports what would change (grade
/// counts, segment sizes, stage counts, movers). The states passed in are never modified.
/// </summary>
public static class RulesPreview
{
    public const int DefaultMaxMovers = 50;

    public static PreviewResult Run(string candidateYaml, IEnumerable<CustomerState> customers, DateTimeOffset now, int maxMovers = DefaultMaxMovers)
    {
        var load = RulesetLoader.Load(candidateYaml);
        if (load.Ruleset is null)
        {
            return new PreviewResult { Validation = Validation.Of(load.Errors) };
        }

        return Run(load.Ruleset, customers, now, maxMovers);
    }

    public static PreviewResult Run(CompiledRuleset candidate, IEnumerable<CustomerState> customers, DateTimeOffset now, int maxMovers = DefaultMaxMovers)
    {
        maxMovers = maxMovers <= 0 ? DefaultMaxMovers : maxMovers;
        var result = new PreviewResult { Validation = Validation.Of([]) };
        var grades = new SortedDictionary<string, (long Before, long After)>(StringComparer.Ordinal);
        var segments = new SortedDictionary<string, (long Before, long After)>(StringComparer.Ordinal);
        var stages = new SortedDictionary<string, (long Before, long After)>(StringComparer.Ordinal);
        var workspace = new TurnWorkspace();
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var current in customers)
        {
            result.CustomersEvaluated++;
            var candidateState = new CustomerState(candidate, current.CustomerId);
            StateTransfer.MoveInto(current, candidateState);
            if (candidateState.HasSeenEvents)
            {
                CustomerEngine.Evaluate(workspace, candidateState, nowMs, ReadSet.All, "preview", null, runLifecycle: true);
            }

            Count(grades, current.Grade, candidateState.Grade);
            Count(stages, StageNames.NameOf(current.Stage), StageNames.NameOf(candidateState.Stage));
            var before = Members(current);
            var after = Members(candidateState);
            foreach (var id in before)
            {
                Bump(segments, id, before: 1, after: 0);
            }

            foreach (var id in after)
            {
                Bump(segments, id, before: 0, after: 1);
            }

            var entered = after.Except(before).ToList();
            var left = before.Except(after).ToList();
            if (current.Score == candidateState.Score && current.Grade == candidateState.Grade && entered.Count == 0 && left.Count == 0)
            {
                continue;
            }

            result.CustomersChanged++;
            if (result.Movers.Count < maxMovers)
            {
                var mover = new Mover
                {
                    CustomerId = current.CustomerId,
                    ScoreBefore = current.Score,
                    ScoreAfter = candidateState.Score,
                    GradeBefore = current.Grade,
                    GradeAfter = candidateState.Grade,
                };
                mover.SegmentsEntered.Add(entered);
                mover.SegmentsLeft.Add(left);
                result.Movers.Add(mover);
            }
        }

        result.Grades.Add(Changes(grades));
        result.Segments.Add(Changes(segments));
        result.Stages.Add(Changes(stages));
        return result;
    }

    private static List<string> Members(CustomerState state)
    {
        var ids = new List<string>();
        for (var i = 0; i < state.Ruleset.Segments.Length; i++)
        {
            if (state.Segments.Contains(i))
            {
                ids.Add(state.Ruleset.Segments[i].Id);
            }
        }

        return ids;
    }

    private static void Count(SortedDictionary<string, (long Before, long After)> counts, string before, string after)
    {
        Bump(counts, before, 1, 0);
        Bump(counts, after, 0, 1);
    }

    private static void Bump(SortedDictionary<string, (long Before, long After)> counts, string key, long before, long after)
    {
        counts.TryGetValue(key, out var current);
        counts[key] = (current.Before + before, current.After + after);
    }

    private static IEnumerable<CountChange> Changes(SortedDictionary<string, (long Before, long After)> counts) =>
        counts.Select(c => new CountChange { Key = c.Key, Before = c.Value.Before, After = c.Value.After });
}

/// <summary>Rules.Validate's answer from loader errors.</summary>
public static class Validation
{
    public static ValidationResult Of(IReadOnlyList<Rules.RuleError> errors)
    {
        var result = new ValidationResult { Valid = errors.Count == 0 };
        foreach (var error in errors)
        {
            result.Errors.Add(new Contracts.V1.RuleError { Line = error.Line, Column = error.Column, Rule = error.Rule, Message = error.Message });
        }

        return result;
    }

    public static ValidationResult Validate(string yaml) => Of(RulesetLoader.Load(yaml).Errors);
}
