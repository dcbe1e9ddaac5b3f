using System.Globalization;
using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.Turns;
using Realtime.Customers.Views;

namespace Realtime.Customers.Aggregates;

/// <summary>
/// Live per-segment statistics maintained from each turn's before/after snapshot (never by scanning customers):
/// size, mean and standard deviation of the score, the segment × grade × stage matrix, entries and exits per window,
/// and flows between segments.
/// <para>
/// Thread-safety: any number of writers may call <see cref="Apply(in MembershipSnapshot, in MembershipSnapshot, DateTimeOffset)"/>
/// (a short internal lock; the intended use is one writer per process applying the change feed in batches), and
/// readers call <see cref="Snapshot"/>, which returns a new immutable-by-convention protobuf message.
/// </para>
/// </summary>
public sealed class SegmentAggregates
{
    private static readonly string[] DefaultFlowWindows = ["5m", "1h"];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SegmentCounters> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _gradeSlots = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), RecentCounter> _flows = [];
    private readonly List<int> _left = new(8);
    private readonly List<int> _entered = new(8);
    private CompiledRuleset _active;
    private CompiledRuleset? _cachedRuleset;
    private SegmentCounters[] _cachedCounters = [];
    private long _customers;

    public SegmentAggregates(CompiledRuleset active) => _active = active;

    /// <summary>The ruleset whose segments <see cref="Snapshot"/> lists (set on publish).</summary>
    public void SetActiveRuleset(CompiledRuleset ruleset)
    {
        lock (_lock)
        {
            _active = ruleset;
        }
    }

    /// <summary>
    /// Counts a customer found in storage when the server starts: into the sizes and statistics, not into the recent
    /// entries or flows (nobody moved). Its later turns then move the statistics from what was counted.
    /// </summary>
    public void Restore(in MembershipSnapshot stored)
    {
        if (!stored.Exists)
        {
            return;
        }

        lock (_lock)
        {
            _customers++;
            if (stored.Ruleset is null)
            {
                return;
            }

            var counters = CountersOf(stored.Ruleset);
            var cents = Cents(stored.Score);
            var grade = GradeSlot(stored.Grade);
            for (var i = 0; i < counters.Length; i++)
            {
                if (stored.Segments.Contains(i))
                {
                    counters[i].Add(cents, grade, stored.Stage, +1);
                }
            }
        }
    }

    /// <summary>Takes an erased (or evicted-for-good) customer out of every statistic.</summary>
    public void Remove(MembershipSnapshot last, DateTimeOffset now) => Apply(last, default, now);

    /// <summary>Applies one turn (the workspace's <see cref="TurnWorkspace.Before"/> and <see cref="TurnWorkspace.After"/>).</summary>
    public void Apply(TurnWorkspace workspace, DateTimeOffset now) => Apply(workspace.Before, workspace.After, now);

    public void Apply(in MembershipSnapshot before, in MembershipSnapshot after, DateTimeOffset now)
    {
        if (before == after)
        {
            return;
        }

        var at = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            _customers += (after.Exists ? 1 : 0) - (before.Exists ? 1 : 0);
            _left.Clear();
            _entered.Clear();
            if (before.Exists && before.Ruleset is not null)
            {
                Account(before, -1, after, at, _left);
            }

            if (after.Exists && after.Ruleset is not null)
            {
                Account(after, +1, before, at, _entered);
            }

            CountFlows(before.Ruleset, after.Ruleset, at);
        }
    }

    /// <summary>
    /// Moves the snapshot's memberships in or out of the statistics, and records as entered/left (and for the flows)
    /// the segments the customer really moved in or out of. Across a publish segments match by id: staying in a
    /// segment is no move, entering one is a move whether the segment is new or not, and a segment the publish
    /// removed is no move (the change feed reports none either).
    /// </summary>
    private void Account(in MembershipSnapshot snapshot, long sign, in MembershipSnapshot other, long at, List<int> moved)
    {
        var ruleset = snapshot.Ruleset!;
        var counters = CountersOf(ruleset);
        var cents = Cents(snapshot.Score);
        var grade = GradeSlot(snapshot.Grade);
        var sameRuleset = ReferenceEquals(ruleset, other.Ruleset);
        for (var i = 0; i < counters.Length; i++)
        {
            if (!snapshot.Segments.Contains(i))
            {
                continue;
            }

            counters[i].Add(cents, grade, snapshot.Stage, sign);
            var otherIndex = !other.Exists || other.Ruleset is null ? -1
                : sameRuleset ? i
                : other.Ruleset.SegmentIndexOf(ruleset.Segments[i].Id);
            if (sign < 0 && other.Exists && other.Ruleset is not null && otherIndex < 0)
            {
                continue; // the publish removed the segment
            }

            if (otherIndex < 0 || !other.Segments.Contains(otherIndex))
            {
                (sign < 0 ? counters[i].Left : counters[i].Entered).Add(at);
                moved.Add(i);
            }
        }
    }

    private static long Cents(double score) => (long)Math.Round(score * 100, MidpointRounding.AwayFromZero);

    private void CountFlows(CompiledRuleset? before, CompiledRuleset? after, long at)
    {
        var ruleset = after ?? before;
        if (ruleset is null || (_left.Count == 0 && _entered.Count == 0))
        {
            return;
        }

        var leftRuleset = before ?? ruleset;
        if (_left.Count == 0)
        {
            foreach (var to in _entered)
            {
                Flow("", ruleset.Segments[to].Id, at);
            }

            return;
        }

        foreach (var from in _left)
        {
            if (_entered.Count == 0)
            {
                Flow(leftRuleset.Segments[from].Id, "", at);
                continue;
            }

            foreach (var to in _entered)
            {
                Flow(leftRuleset.Segments[from].Id, ruleset.Segments[to].Id, at);
            }
        }
    }

    private void Flow(string from, string to, long at)
    {
        if (!_flows.TryGetValue((from, to), out var counter))
        {
            counter = new RecentCounter();
            _flows.Add((from, to), counter);
        }

        counter.Add(at);
    }

    private SegmentCounters[] CountersOf(CompiledRuleset ruleset)
    {
        if (ReferenceEquals(ruleset, _cachedRuleset))
        {
            return _cachedCounters;
        }

        var counters = new SegmentCounters[ruleset.Segments.Length];
        for (var i = 0; i < counters.Length; i++)
        {
            var id = ruleset.Segments[i].Id;
            if (!_byId.TryGetValue(id, out var existing))
            {
                existing = new SegmentCounters();
                _byId.Add(id, existing);
            }

            counters[i] = existing;
        }

        _cachedRuleset = ruleset;
        _cachedCounters = counters;
        return counters;
    }

    private int GradeSlot(string grade)
    {
        if (!_gradeSlots.TryGetValue(grade, out var slot))
        {
            slot = _gradeSlots.Count;
            _gradeSlots.Add(grade, slot);
        }

        return slot;
    }

    /// <summary>Segments.List: every segment of the active ruleset with its statistics, and flows per window.</summary>
    public ListSegmentsResponse Snapshot(DateTimeOffset now, IReadOnlyList<string>? flowWindows = null)
    {
        var at = now.ToUnixTimeMilliseconds();
        var windows = flowWindows is { Count: > 0 } ? flowWindows : DefaultFlowWindows;
        lock (_lock)
        {
            var response = new ListSegmentsResponse
            {
                RulesetVersion = _active.Version,
                Customers = _customers,
                AsOf = Timestamps.FromUnixMs(at),
            };
            var counters = CountersOf(_active);
            for (var i = 0; i < counters.Length; i++)
            {
                response.Segments.Add(StatsOf(_active.Segments[i], counters[i], at));
            }

            foreach (var window in windows)
            {
                var windowMs = ParseWindow(window);
                foreach (var ((from, to), counter) in _flows.OrderBy(f => f.Key.From, StringComparer.Ordinal).ThenBy(f => f.Key.To, StringComparer.Ordinal))
                {
                    var count = counter.Sum(at, windowMs);
                    if (count > 0)
                    {
                        response.Flows.Add(new SegmentFlow { From = from, To = to, Count = count, Window = window });
                    }
                }
            }

            return response;
        }
    }

    private SegmentStats StatsOf(SegmentDefinition segment, SegmentCounters counters, long at)
    {
        var stats = new SegmentStats
        {
            Id = segment.Id,
            Name = segment.Name,
            Description = segment.Description,
            Size = counters.Size,
            ScoreMean = counters.Mean,
            ScoreStddev = counters.StdDev,
            EnteredLastHour = counters.Entered.Sum(at, 3_600_000),
            LeftLastHour = counters.Left.Sum(at, 3_600_000),
        };
        foreach (var (grade, slot) in _gradeSlots.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var stage in Enum.GetValues<LifecycleStage>())
            {
                var count = counters.Cell(slot, stage);
                if (count != 0)
                {
                    stats.Matrix.Add(new GradeStageCell { Grade = grade, Stage = stage, Count = count });
                }
            }
        }

        if (segment.MinSize > 0 && counters.Size < segment.MinSize)
        {
            stats.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"too small: {counters.Size} customers, under {segment.MinSize}"));
        }

        if (counters.Size > 1 && counters.StdDev > segment.MaxStdDev)
        {
            stats.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"too spread out: score standard deviation {counters.StdDev:0.##} over {segment.MaxStdDev:0.##}"));
        }

        return stats;
    }

    /// <summary>Parses a flow window such as "5m", "1h" or "2d".</summary>
    public static long ParseWindow(string window)
    {
        var tokens = Expressions.Lexer.Tokenize(window);
        return tokens is [{ Kind: Expressions.TokenKind.Duration } duration, _] && duration.Number > 0
            ? (long)duration.Number
            : throw new ArgumentException($"'{window}' is not a window such as 5m or 1h", nameof(window));
    }
}
