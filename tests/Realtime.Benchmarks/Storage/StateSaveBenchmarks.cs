using System.Globalization;
using BenchmarkDotNet.Attributes;
using Realtime.Actors.Persistence;
using Realtime.Storage;

namespace Realtime.Benchmarks.Storage;

/// <summary>
/// Write-behind snapshot saves alone: batches of 1,024 states of ~500 bytes (a flat-out customer's average snapshot)
/// over 100,000 customer keys, as the actor runtime's save batches send them, each batch one transaction. The first
/// pass inserts; the measured ones update (optimistic version check). One operation is one state.
/// PostgreSQL runs when REALTIME_TEST_POSTGRES is set (eval "$(tests/postgres/start.sh)").
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class StateSaveBenchmarks
{
    private const int BatchSize = 1024;
    private const int Customers = 100_000;
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 500).Select(i => (byte)(i * 31))];

    private readonly long[] _versions = new long[Customers];
    private BenchmarkStore? _store;
    private int _next;

    [Params(StorageVendor.Sqlite, StorageVendor.PostgreSql)]
    public StorageVendor Vendor { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await BenchmarkStore.OpenAsync(Vendor, new StorageOptions());
        for (var i = 0; i < Customers / BatchSize + 1; i++)
        {
            await SaveBatchAsync();
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task SaveBatch() => SaveBatchAsync();

    private async Task SaveBatchAsync()
    {
        var writes = new StateWrite[BatchSize];
        var first = _next;
        for (var i = 0; i < BatchSize; i++)
        {
            var customer = (first + i) % Customers;
            var key = string.Create(CultureInfo.InvariantCulture, $"customer-{customer}");
            writes[i] = new StateWrite(new ActorId("customer", key), Payload, _versions[customer], customer, customer % 3 == 0 ? DateTimeOffset.UnixEpoch.AddDays(customer) : null);
        }

        _next = (first + BatchSize) % Customers;
        var results = await _store!.Store.ActorStates.WriteAsync(writes, CancellationToken.None);
        for (var i = 0; i < BatchSize; i++)
        {
            var customer = (first + i) % Customers;
            _versions[customer] = results[i].Conflict
                ? throw new InvalidOperationException($"customer-{customer}: unexpected version conflict")
                : results[i].NewVersion;
        }
    }
}
