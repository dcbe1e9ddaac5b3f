using Realtime.Storage;

namespace Realtime.Storage.Tests;

/// <summary>One vendor under test: fresh databases per test, and a way to make the database refuse writes.</summary>
public interface IStoreTarget
{
    /// <summary>Options naming a new, empty database (SQLite: a new file; PostgreSQL: a new schema).</summary>
    StorageOptions NewDatabase();

    /// <summary>
    /// Another session takes an exclusive lock on the event log, so the store's appender cannot write until the
    /// returned handle is disposed (fault injection with the database's own behaviour, no mocks).
    /// </summary>
    Task<IAsyncDisposable> LockEventLogAsync(StorageOptions options);
}
