namespace Realtime.Storage.Tests;

/// <summary>The store contract on PostgreSQL (REALTIME_TEST_POSTGRES), one schema per test.</summary>
public sealed class PostgresStoreTests(PostgresTarget target) : StoreConformanceTests(target), IClassFixture<PostgresTarget>;
