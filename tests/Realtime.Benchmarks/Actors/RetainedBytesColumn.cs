using System.Collections.Concurrent;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Realtime.Benchmarks.Actors;

/// <summary>
/// Heap bytes still reachable per operation after a full collection (what the work keeps, not what it allocated).
/// Recorded by the benchmark itself, so it needs the in-process toolchain (--inProcess); the mean over iterations.
/// </summary>
internal sealed class RetainedBytesColumn : IColumn
{
    private static readonly ConcurrentDictionary<string, (double BytesPerOperation, int Iterations)> Totals = new();

    public string Id => nameof(RetainedBytesColumn);

    public string ColumnName => "Retained/op";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Heap bytes reachable after a full GC per operation, mean over iterations";

    /// <summary>Adds one iteration that kept <paramref name="bytes"/> over <paramref name="operations"/> operations.</summary>
    public static void Record(string benchmark, long bytes, long operations) =>
        Totals.AddOrUpdate(benchmark, ((double)bytes / operations, 1), (_, t) => (t.BytesPerOperation + ((double)bytes / operations), t.Iterations + 1));

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Totals.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var t) && t.Iterations > 0
            ? $"{t.BytesPerOperation / t.Iterations:F0} B"
            : "n/a (run with --inProcess)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}

/// <summary>Adds <see cref="RetainedBytesColumn"/>.</summary>
internal sealed class RetainedBytesConfig : ManualConfig
{
    public RetainedBytesConfig() => AddColumn(new RetainedBytesColumn());
}
