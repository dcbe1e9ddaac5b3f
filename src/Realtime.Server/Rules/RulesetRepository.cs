using Realtime.Customers.Rules;
using Realtime.Storage.Rulesets;

namespace Realtime.Server.Rules;

/// <summary>
/// Every published ruleset version, in the database's <c>rulesets</c> table (<see cref="RulesetStore"/>); the
/// highest version is the active one. On start <see cref="LoadActiveAsync"/> fills an empty table: from the files
/// under <c>{DataDir}/rulesets</c> that earlier versions wrote (once, keeping their numbers), else with the
/// embedded default ruleset as version 1.
/// </summary>
public sealed partial class RulesetRepository(RulesetStore store, string dataDir, TimeProvider clock, ILogger<RulesetRepository> logger)
{
    /// <summary>The active version, after importing or seeding an empty table.</summary>
    public async Task<StoredRuleset> LoadActiveAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadLatestAsync(cancellationToken) is { } latest)
        {
            return latest;
        }

        var legacy = LegacyRulesetFiles.Read(dataDir);
        if (legacy.Count > 0 && await store.ImportAsync(legacy, cancellationToken) > 0)
        {
            LogImported(legacy.Count, legacy[0].Version, legacy[^1].Version, LegacyRulesetFiles.FolderOf(dataDir));
        }
        else if (legacy.Count == 0)
        {
            try
            {
                await store.PublishAsync(new StoredRuleset(1, DefaultRuleset.Yaml, clock.GetUtcNow(), "realtime", "default ruleset, loaded on first start"), cancellationToken);
            }
            catch (RulesetVersionConflictException)
            {
                // Another server on the same database stored a first version at the same moment: it stands.
            }
        }

        return await store.ReadLatestAsync(cancellationToken)
            ?? throw new InvalidOperationException("The rulesets table is still empty after it was filled.");
    }

    public Task<StoredRuleset?> ReadAsync(long version, CancellationToken cancellationToken) => store.ReadAsync(version, cancellationToken);

    /// <inheritdoc cref="RulesetStore.PublishAsync"/>
    public Task PublishAsync(StoredRuleset ruleset, CancellationToken cancellationToken) => store.PublishAsync(ruleset, cancellationToken);

    [LoggerMessage(EventId = 3101, EventName = "RulesetsImported", Level = LogLevel.Information,
        Message = "Imported {Count} ruleset versions (v{First} to v{Last}) from {Folder} into the database; those files are no longer read")]
    private partial void LogImported(int count, long first, long last, string folder);
}
