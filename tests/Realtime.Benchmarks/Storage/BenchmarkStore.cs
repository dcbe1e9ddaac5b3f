using Realtime.Storage;

namespace Realtime.Benchmarks.Storage;

/// <summary>A store of one vendor for one benchmark run: a fresh PostgreSQL schema, or SQLite in a fresh folder removed on dispose.</summary>
internal sealed class BenchmarkStore : IAsyncDisposable
{
    private readonly string? _dataDir;

    private BenchmarkStore(RealtimeStore store, string? dataDir)
    {
        Store = store;
        _dataDir = dataDir;
    }

    public RealtimeStore Store { get; }

    public static async Task<BenchmarkStore> OpenAsync(StorageVendor vendor, StorageOptions options)
    {
        string? dataDir = null;
        if (vendor == StorageVendor.PostgreSql)
        {
            options.Postgres = await BenchmarkPostgres.NewSchemaAsync();
        }
        else
        {
            dataDir = Path.Combine(Path.GetTempPath(), "realtime-bench-" + Guid.NewGuid().ToString("N"));
            options.DataDir = dataDir;
        }

        return new BenchmarkStore(await RealtimeStore.OpenAsync(options, TimeProvider.System), dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        if (_dataDir is not null)
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
