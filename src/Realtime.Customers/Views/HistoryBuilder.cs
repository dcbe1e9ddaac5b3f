using Realtime.Contracts.V1;
using Realtime.Customers.State;

namespace Realtime.Customers.Views;

/// <summary>Customers.History: score points, stage transitions and segment moves, oldest first, optionally within [since, until].</summary>
public static class HistoryBuilder
{
    public static CustomerHistory Build(CustomerState state, DateTimeOffset? since = null, DateTimeOffset? until = null)
    {
        var from = since?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var to = until?.ToUnixTimeMilliseconds() ?? long.MaxValue;
        var history = new CustomerHistory { CustomerId = state.CustomerId };
        foreach (var point in state.ScoreHistoryEntries.Where(p => p.At >= from && p.At <= to).OrderBy(p => p.At))
        {
            history.Scores.Add(new ScorePoint { At = Timestamps.FromUnixMs(point.At), Score = point.Score, Grade = state.Ruleset.GradeFor(point.Score) });
        }

        foreach (var stage in state.StageHistoryEntries.Where(s => s.At >= from && s.At <= to).OrderBy(s => s.At))
        {
            history.Stages.Add(new StageTransition { At = Timestamps.FromUnixMs(stage.At), From = stage.From, To = stage.To, Reason = stage.Reason });
        }

        foreach (var move in state.SegmentHistoryEntries.Where(s => s.At >= from && s.At <= to).OrderBy(s => s.At))
        {
            history.Segments.Add(new SegmentTransition { At = Timestamps.FromUnixMs(move.At), Segment = move.Segment, Entered = move.Entered, Reason = move.Reason });
        }

        return history;
    }
}
