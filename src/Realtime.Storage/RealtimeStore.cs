using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Storage.EventLog;
using Realtime.Storage.Identity;
using Realtime.Storage.Migrations;
using Realtime.Storage.Privacy;
using Realtime.Storage.Rulesets;
using Realtime.Storage.State;

namespace Realtime.Storage;

/// <summary>
/// The durable stores of one database, opened together: the event log, actor states, the identity index,
/// privacy export/erase and the published rulesets. <see cref="OpenAsync"/> validates the options, creates or
/// migrates the schema and starts the log's group-commit writer. Dispose it on shutdown: queued appends are
/// committed first.
/// </summary>
public sealed partial class RealtimeStore : IAsyncDisposable
{
    private readonly Database _database;
    private readonly ILogger _logger;

    private RealtimeStore(Database database, StorageOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _database = database;
        _logger = loggerFactory.CreateLogger<RealtimeStore>();
        Options = options;
        EventLog = new EventLogStore(database, options, timeProvider, loggerFactory.CreateLogger<EventLogStore>());
        ActorStates = new ActorStateStore(database);
        Identities = new IdentityIndex(database);
        Privacy = new PrivacyStore(database, timeProvider, loggerFactory.CreateLogger<PrivacyStore>());
        Rulesets = new RulesetStore(database);
    }

    public StorageOptions Options { get; }

    public StorageVendor Vendor => _database.Vendor;

    /// <summary>How many migration scripts this open applied (0 when the schema was already current).</summary>
    public int AppliedMigrations { get; private init; }

    /// <summary>The schema version in force (the highest applied migration).</summary>
    public int SchemaVersion { get; private init; }

    public EventLogStore EventLog { get; }

    public ActorStateStore ActorStates { get; }

    public IdentityIndex Identities { get; }

    public PrivacyStore Privacy { get; }

    public RulesetStore Rulesets { get; }

    /// <summary>Opens the stores the options select: PostgreSQL when <c>Realtime:Postgres</c> is set, else SQLite under <c>Realtime:DataDir</c>.</summary>
    /// <exception cref="OptionsValidationException">An option is invalid; the message names the setting.</exception>
    public static async Task<RealtimeStore> OpenAsync(StorageOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        loggerFactory ??= NullLoggerFactory.Instance;
        var validation = new StorageOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(StorageOptions), validation.Failures);
        }

        var database = Database.Create(options);
        try
        {
            var (applied, version) = await new SchemaMigrator(database, timeProvider, loggerFactory.CreateLogger<SchemaMigrator>()).MigrateAsync(cancellationToken);
            var store = new RealtimeStore(database, options, timeProvider, loggerFactory) { AppliedMigrations = applied, SchemaVersion = version };
            await store.EventLog.StartAsync(cancellationToken);
            store.LogOpened(database.Describe, applied);
            return store;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EventLog.DisposeAsync();
        await _database.DisposeAsync();
    }

    [LoggerMessage(EventId = 5001, EventName = "StoreOpened", Level = LogLevel.Information, Message = "Opened storage at {Database} ({Migrations} migrations applied)")]
    private partial void LogOpened(string database, int migrations);
}
