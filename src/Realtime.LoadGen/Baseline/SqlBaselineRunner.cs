using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Realtime.Contracts.V1;
using Realtime.LoadGen.Drivers;
using Realtime.LoadGen.Report;
using Realtime.LoadGen.Stats;
using Realtime.LoadGen.Workload;

namespace Realtime.LoadGen.Baseline;

/// <summary>
/// The baseline a user would otherwise build: every event of the load generator's workload becomes one SQL upsert
/// on a <c>customer_scores</c> row (score capped to 0..100, grade, counters), in autocommit on one of
/// <c>connections</c> connections; meanwhile lookups (80% by customer id, 10% email, 10% phone, of customers whose
/// traits are stored) run open loop at a set rate. Durability is whatever the server is set to: the summary prints
/// its <c>synchronous_commit</c> and <c>fsync</c>.
/// </summary>
public sealed class SqlBaselineRunner(SqlBaselineOptions options, TimeProvider time, TextWriter progress)
{
    private readonly Lock _generatorLock = new();
    private readonly KnownCustomers _known = new();
    private readonly Lock _sampleLock = new();
    private readonly Random _random = new(options.Seed + 1);
    private readonly LatencyHistogram _statement = new();
    private readonly LatencyHistogram _lookup = new();
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _events;
    private long _lookups;
    private long _lookupsNotFound;
    private long _lookupsSkipped;

    private string Table => $"{options.Schema}.customer_scores";

    public async Task<SqlBaselineSummary> RunAsync(CancellationToken cancellation)
    {
        var runId = options.RunId ?? Guid.NewGuid().ToString("N")[..8];
        var generator = new WorkloadGenerator(options.Customers, options.Seed, runId, time);
        var writers = new NpgsqlConnectionStringBuilder(options.Postgres) { MaxPoolSize = options.Connections + 1, ApplicationName = "loadgen-baseline-writer" };
        var readers = new NpgsqlConnectionStringBuilder(options.Postgres) { MaxPoolSize = 64, ApplicationName = "loadgen-baseline-reader" };
        await using var writeSource = NpgsqlDataSource.Create(writers.ConnectionString);
        await using var readSource = NpgsqlDataSource.Create(readers.ConnectionString);

        var (synchronousCommit, fsync, version) = await PrepareAsync(writeSource, cancellation);
        if (!options.Quiet)
        {
            await progress.WriteLineAsync($"baseline-sql: {Table} created; PostgreSQL {version}, synchronous_commit={synchronousCommit}, fsync={fsync}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var start = time.GetTimestamp();
        var perConnectionRate = options.Rate / options.Connections;
        var writing = Task.WhenAll(Enumerable.Range(0, options.Connections)
            .Select(_ => Task.Run(() => WriteLoopAsync(writeSource, generator, start, perConnectionRate, stop.Token), CancellationToken.None)));
        var reading = OpenLoop.RunAsync(options.LookupsPerSec, options.Duration, time, 64,
            (scheduled, ct) => LookupAsync(readSource, scheduled, ct), status => Error("lookup", status), stop.Token);
        var work = Task.WhenAll(writing, reading);
        using (var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1), time))
        {
            var last = 0L;
            var lastAt = start;
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, ticker.WaitForNextTickAsync(CancellationToken.None).AsTask());
                if (work.IsCompleted || options.Quiet)
                {
                    continue;
                }

                var now = time.GetTimestamp();
                var events = Interlocked.Read(ref _events);
                var rate = (events - last) / Math.Max(1e-3, time.GetElapsedTime(lastAt, now).TotalSeconds);
                (last, lastAt) = (events, now);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{time.GetElapsedTime(start).TotalSeconds,5:0.0}s] {rate,10:N0} events/s committed  errors {ErrorCount}  lookup p99 {_lookup.ValueAtPercentile(99) / 1000.0:0.00} ms ({Interlocked.Read(ref _lookups):N0})"));
            }
        }

        await work;
        var elapsed = time.GetElapsedTime(start);
        long rows;
        await using (var count = writeSource.CreateCommand($"SELECT count(*) FROM {Table}"))
        {
            rows = (long)(await count.ExecuteScalarAsync(CancellationToken.None))!;
        }

        return new SqlBaselineSummary
        {
            RunId = runId,
            ProcessorCount = Environment.ProcessorCount,
            PostgresVersion = version,
            SynchronousCommit = synchronousCommit,
            Fsync = fsync,
            Options = new Dictionary<string, string>
            {
                ["schema"] = options.Schema,
                ["customers"] = options.Customers.ToString(CultureInfo.InvariantCulture),
                ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
                ["rate"] = options.Rate.ToString(CultureInfo.InvariantCulture),
                ["duration_s"] = options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["connections"] = options.Connections.ToString(CultureInfo.InvariantCulture),
                ["lookups_per_sec"] = options.LookupsPerSec.ToString(CultureInfo.InvariantCulture),
            },
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
            EventsCommitted = Interlocked.Read(ref _events),
            EventsPerSecond = Math.Round(Interlocked.Read(ref _events) / Math.Max(1e-3, elapsed.TotalSeconds), 0),
            Statement = LatencySummary.From(_statement),
            Rows = rows,
            Lookups = Interlocked.Read(ref _lookups),
            LookupsNotFound = Interlocked.Read(ref _lookupsNotFound),
            LookupsSkipped = Interlocked.Read(ref _lookupsSkipped),
            Lookup = LatencySummary.From(_lookup),
            Errors = Errors(),
        };
    }

    private async Task<(string SynchronousCommit, string Fsync, string Version)> PrepareAsync(NpgsqlDataSource source, CancellationToken cancellation)
    {
        await using var connection = await source.OpenConnectionAsync(cancellation);
        async Task<string> Show(string setting)
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
            return (string)(await show.ExecuteScalarAsync(cancellation))!;
        }

        var ddl = $"""
            CREATE SCHEMA IF NOT EXISTS {options.Schema};
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (
                customer_id   text PRIMARY KEY,
                email         text,
                phone         text,
                score         double precision NOT NULL DEFAULT 0,
                grade         char(1) NOT NULL DEFAULT 'D',
                events        bigint NOT NULL DEFAULT 0,
                purchases     integer NOT NULL DEFAULT 0,
                amount        numeric(14, 2) NOT NULL DEFAULT 0,
                first_seen_at timestamptz NOT NULL,
                last_event_at timestamptz NOT NULL
            );
            CREATE INDEX ON {Table} (email);
            CREATE INDEX ON {Table} (phone);
            """;
        await using (var create = new NpgsqlCommand(ddl, connection))
        {
            await create.ExecuteNonQueryAsync(cancellation);
        }

        return (await Show("synchronous_commit"), await Show("fsync"), await Show("server_version"));
    }

    // One upsert per event, autocommit: the new score is capped to 0..100 and graded in the same statement.
    private string UpsertSql => $"""
        INSERT INTO {Table} AS c (customer_id, email, phone, score, grade, events, purchases, amount, first_seen_at, last_event_at)
        VALUES ($1, $2, $3, LEAST(100, GREATEST(0, $4)),
                CASE WHEN $4 >= 75 THEN 'A' WHEN $4 >= 50 THEN 'B' WHEN $4 >= 25 THEN 'C' ELSE 'D' END,
                1, $5, $6, $7, $7)
        ON CONFLICT (customer_id) DO UPDATE SET
            score = LEAST(100, GREATEST(0, c.score + $4)),
            grade = CASE WHEN c.score + $4 >= 75 THEN 'A' WHEN c.score + $4 >= 50 THEN 'B' WHEN c.score + $4 >= 25 THEN 'C' ELSE 'D' END,
            events = c.events + 1,
            purchases = c.purchases + $5,
            amount = c.amount + $6,
            email = COALESCE($2, c.email),
            phone = COALESCE($3, c.phone),
            last_event_at = GREATEST(c.last_event_at, $7)
        """;

    private async Task WriteLoopAsync(NpgsqlDataSource source, WorkloadGenerator generator, long start, double rate, CancellationToken cancellation)
    {
        var pending = new Queue<Event>();
        long sent = 0;
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancellation);
            await using var upsert = new NpgsqlCommand(UpsertSql, connection);
            var key = upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
            var email = upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
            var phone = upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
            var points = upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double });
            var purchases = upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer });
            var amount = upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Numeric });
            var at = upsert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await upsert.PrepareAsync(cancellation);
            while (!cancellation.IsCancellationRequested)
            {
                var elapsed = time.GetElapsedTime(start);
                if (elapsed >= options.Duration)
                {
                    break;
                }

                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds(sent / rate);
                    if (due >= options.Duration)
                    {
                        break;
                    }

                    if (due - elapsed > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(due - elapsed, time, cancellation);
                    }
                }

                if (pending.Count == 0)
                {
                    lock (_generatorLock)
                    {
                        foreach (var generated in generator.NextBatch(64).Request.Events)
                        {
                            pending.Enqueue(generated);
                        }
                    }
                }

                var e = pending.Dequeue();
                key.Value = BaselineScoring.Key(e);
                email.Value = e.Traits?.Email is { Length: > 0 } address ? address : DBNull.Value;
                phone.Value = e.Traits?.Phone is { Length: > 0 } number ? number : DBNull.Value;
                points.Value = BaselineScoring.Points(e);
                purchases.Value = e.Purchase is null ? 0 : 1;
                amount.Value = e.Purchase is null ? 0m : (decimal)e.Purchase.Amount;
                at.Value = e.OccurredAt.ToDateTimeOffset();
                var began = time.GetTimestamp();
                await upsert.ExecuteNonQueryAsync(cancellation);
                _statement.RecordElapsed(time.GetElapsedTime(began));
                Interlocked.Increment(ref _events);
                sent++;
                if (e.Traits is not null && e.CustomerId.StartsWith("cust-", StringComparison.Ordinal)
                    && int.TryParse(e.CustomerId.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    _known.Add([index]);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            Error("write", ex is PostgresException pg ? pg.SqlState : ex.GetType().Name);
            throw new InvalidOperationException($"baseline-sql: a writer failed: {ex.Message}", ex);
        }
    }

    private async Task LookupAsync(NpgsqlDataSource source, long scheduled, CancellationToken cancellation)
    {
        int? customer;
        double roll;
        lock (_sampleLock)
        {
            customer = _known.Sample(_random);
            roll = _random.NextDouble();
        }

        if (customer is not { } index)
        {
            Interlocked.Increment(ref _lookupsSkipped);
            return;
        }

        var (column, value) = roll switch
        {
            < 0.8 => ("customer_id", CustomerModel.CustomerId(index)),
            < 0.9 => ("email", CustomerModel.Email(index)),
            _ => ("phone", CustomerModel.Phone(index)),
        };
        try
        {
            await using var command = source.CreateCommand(
                $"SELECT customer_id, score, grade, events, purchases, amount, last_event_at FROM {Table} WHERE {column} = $1 LIMIT 1");
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = value });
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            var found = await reader.ReadAsync(cancellation);
            _lookup.RecordElapsed(time.GetElapsedTime(scheduled));
            Interlocked.Increment(ref _lookups);
            if (!found)
            {
                Interlocked.Increment(ref _lookupsNotFound);
            }
        }
        catch (NpgsqlException ex) when (!cancellation.IsCancellationRequested)
        {
            Error("lookup", ex is PostgresException pg ? pg.SqlState : ex.GetType().Name);
        }
    }

    private void Error(string operation, string what)
    {
        lock (_errors)
        {
            var name = $"{operation}:{what}";
            _errors[name] = _errors.GetValueOrDefault(name) + 1;
        }
    }

    private long ErrorCount
    {
        get
        {
            lock (_errors)
            {
                return _errors.Values.Sum();
            }
        }
    }

    private SortedDictionary<string, long> Errors()
    {
        lock (_errors)
        {
            return new SortedDictionary<string, long>(_errors, StringComparer.Ordinal);
        }
    }
}

/// <summary>The baseline's end-of-run summary, printed and written as JSON.</summary>
public sealed record SqlBaselineSummary
{
    public required string RunId { get; init; }
    public required int ProcessorCount { get; init; }
    public required string PostgresVersion { get; init; }
    public required string SynchronousCommit { get; init; }
    public required string Fsync { get; init; }
    public required IReadOnlyDictionary<string, string> Options { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required long EventsCommitted { get; init; }
    public required double EventsPerSecond { get; init; }
    /// <summary>Time of one upsert (one event), as its connection saw it.</summary>
    public required LatencySummary Statement { get; init; }
    public required long Rows { get; init; }
    public required long Lookups { get; init; }
    public required long LookupsNotFound { get; init; }
    public required long LookupsSkipped { get; init; }
    public required LatencySummary Lookup { get; init; }
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText()
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"== Realtime.LoadGen baseline-sql summary (run {RunId}, {ProcessorCount} cores on the client) ==");
        s.AppendLine(CultureInfo.InvariantCulture, $"postgres           {PostgresVersion}, synchronous_commit={SynchronousCommit}, fsync={Fsync}");
        s.AppendLine(CultureInfo.InvariantCulture, $"elapsed            {ElapsedSeconds:0.00} s");
        s.AppendLine(CultureInfo.InvariantCulture, $"throughput         {EventsPerSecond:N0} events/s committed ({EventsCommitted:N0} events, one upsert each, {Rows:N0} rows)");
        s.AppendLine($"statement latency  {Statement}");
        s.AppendLine(CultureInfo.InvariantCulture, $"lookups            {Lookups:N0} ({LookupsNotFound:N0} not found, {LookupsSkipped:N0} skipped before any customer was known)  {Lookup}");
        s.AppendLine("errors             " + (Errors.Count == 0 ? "none" : string.Join(", ", Errors.Select(e => $"{e.Key}={e.Value}"))));
        return s.ToString();
    }
}
