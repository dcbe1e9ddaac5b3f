namespace Realtime.Storage.Tests;

/// <summary>The store contract on SQLite, one temp file per test.</summary>
public sealed class SqliteStoreTests(SqliteTarget target) : StoreConformanceTests(target), IClassFixture<SqliteTarget>;
