using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Realtime.Storage;
using Realtime.Storage.EventLog;

namespace Realtime.Benchmarks.Storage;

/// <summary>
/// The event log's append path alone: durable group commits of 1,000-record batches with ~100-byte payloads,
/// random-looking event ids (GUIDs, as clients send them) and 100,000 customer keys. One operation is one record,
/// so "Mean" is the cost of one durable record and 1e9 / Mean is events per second.
/// PostgreSQL runs when REALTIME_TEST_POSTGRES is set (eval "$(tests/postgres/start.sh)").
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class AppendBenchmarks
{
    private const int BatchSize = 1000;
    private const int Callers = 16;
    private const int BatchesPerCaller = 4;
    private const int RecordsPerConcurrentOp = Callers * BatchesPerCaller * BatchSize;
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];

    private BenchmarkStore? _store;
    private long _nextBatch;
    private TimeSpan _cpuAtSetup;

    [Params(StorageVendor.Sqlite, StorageVendor.PostgreSql)]
    public StorageVendor Vendor { get; set; }

    /// <summary>Records per insert execution and duplicate check (0: the vendor's default, 64 for SQLite, 2,048 for PostgreSQL).</summary>
    [Params(0)]
    public int RowsPerStatement { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await BenchmarkStore.OpenAsync(Vendor, new StorageOptions { RowsPerStatement = RowsPerStatement == 0 ? null : RowsPerStatement });
        _cpuAtSetup = Process.GetCurrentProcess().TotalProcessorTime;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        // On a shared machine wall time mostly measures the neighbours; CPU time per record (this process:
        // appender, SQLite engine, Npgsql client; not the PostgreSQL server) says what the store itself costs.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtSetup;
        var records = Interlocked.Read(ref _nextBatch) * BatchSize;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// storage-cpu {Vendor}: {records} records, {cpu.TotalSeconds:F1} s CPU in this process, {cpu.TotalMicroseconds / records:F2} us CPU/record, {records / cpu.TotalSeconds:F0} records per CPU-second"));
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>One caller, one batch at a time: every batch pays its own commit and fsync.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize)]
    public async Task SingleCaller()
    {
        await _store!.Store.EventLog.AppendAsync(NextBatch(), CancellationToken.None);
    }

    /// <summary>16 callers appending at once: their batches share group commits.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerConcurrentOp)]
    public async Task ConcurrentCallers()
    {
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < BatchesPerCaller; i++)
            {
                await _store!.Store.EventLog.AppendAsync(NextBatch(), CancellationToken.None);
            }
        })));
    }

    private EventRecord[] NextBatch()
    {
        var batch = Interlocked.Increment(ref _nextBatch);
        var records = new EventRecord[BatchSize];
        var now = DateTimeOffset.UnixEpoch.AddSeconds(batch);
        for (var i = 0; i < BatchSize; i++)
        {
            records[i] = new EventRecord(
                Guid.NewGuid().ToString(),
                string.Create(CultureInfo.InvariantCulture, $"customer-{(batch * 7919 + i * 104729) % 100_000}"),
                now,
                "page_view",
                Payload);
        }

        return records;
    }
}
