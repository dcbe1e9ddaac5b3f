using Realtime.Contracts.V1;

namespace Realtime.Server.Api;

/// <summary>Adds up per-customer previews into one answer (counts by key, movers up to a limit).</summary>
public sealed class PreviewTotals(int maxMovers)
{
    private readonly SortedDictionary<string, (long Before, long After)> _grades = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long Before, long After)> _segments = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long Before, long After)> _stages = new(StringComparer.Ordinal);
    private readonly List<Mover> _movers = [];
    private long _evaluated;
    private long _changed;

    public void Add(PreviewResult one)
    {
        _evaluated += one.CustomersEvaluated;
        _changed += one.CustomersChanged;
        AddCounts(_grades, one.Grades);
        AddCounts(_segments, one.Segments);
        AddCounts(_stages, one.Stages);
        foreach (var mover in one.Movers)
        {
            if (_movers.Count < maxMovers)
            {
                _movers.Add(mover);
            }
        }
    }

    public PreviewResult ToResult(ValidationResult validation)
    {
        var result = new PreviewResult { Validation = validation, CustomersEvaluated = _evaluated, CustomersChanged = _changed };
        result.Grades.AddRange(ToChanges(_grades));
        result.Segments.AddRange(ToChanges(_segments));
        result.Stages.AddRange(ToChanges(_stages));
        result.Movers.AddRange(_movers);
        return result;
    }

    private static void AddCounts(SortedDictionary<string, (long Before, long After)> into, IEnumerable<CountChange> changes)
    {
        foreach (var change in changes)
        {
            into.TryGetValue(change.Key, out var current);
            into[change.Key] = (current.Before + change.Before, current.After + change.After);
        }
    }

    private static IEnumerable<CountChange> ToChanges(SortedDictionary<string, (long Before, long After)> counts) =>
        counts.Select(c => new CountChange { Key = c.Key, Before = c.Value.Before, After = c.Value.After });
}
