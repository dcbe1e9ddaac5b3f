using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Realtime.Benchmarks.Actors;

/// <summary>
/// Process CPU time (all threads: producers, workers, GC) per operation. On a shared, overloaded machine wall time
/// mostly measures the CPU share the OS grants; CPU time per message measures the work a design does. Recorded by
/// the benchmarks themselves, so it needs the in-process toolchain (--inProcess).
/// </summary>
internal sealed class CpuTimeColumn : IColumn
{
    private static readonly ConcurrentDictionary<string, (TimeSpan Cpu, long Operations)> Totals = new();

    public string Id => nameof(CpuTimeColumn);

    public string ColumnName => "CPU/op";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => "Process CPU time (all threads) per operation, over every invocation including warm-up";

    /// <summary>Starts measuring one invocation.</summary>
    public static TimeSpan Start() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Adds one invocation of <paramref name="operations"/> operations that began at <paramref name="started"/>.</summary>
    public static void Stop(string benchmark, TimeSpan started, long operations)
    {
        var used = Process.GetCurrentProcess().TotalProcessorTime - started;
        Totals.AddOrUpdate(benchmark, (used, operations), (_, t) => (t.Cpu + used, t.Operations + operations));
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        Totals.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out var t) && t.Operations > 0
            ? $"{t.Cpu.TotalNanoseconds / t.Operations:F1} ns"
            : "n/a (run with --inProcess)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}

/// <summary>Adds <see cref="CpuTimeColumn"/>.</summary>
internal sealed class CpuTimeConfig : ManualConfig
{
    public CpuTimeConfig() => AddColumn(new CpuTimeColumn());
}
