using Realtime.Storage.Rulesets;

namespace Realtime.Storage.Tests;

/// <summary>The ruleset store's contract (part of the conformance suite, so it runs on both vendors).</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Rulesets_NoneAtFirst_PublishedVersionsSurviveReopen_AndTheLatestIsActive()
    {
        var options = target.NewDatabase();
        var v1 = Ruleset(1, "scoring: {}\n", by: "realtime", comment: "default");
        var v2 = Ruleset(2, "scoring:\n  groups: []\n", by: "marketer@example.com", comment: "agrifood worth more");
        await using (var store = await OpenAsync(options))
        {
            Assert.True(store.SchemaVersion >= 2, $"schema v{store.SchemaVersion}");
            Assert.Null(await store.Rulesets.ReadLatestAsync(default));
            Assert.Equal(0, await store.Rulesets.ReadLatestVersionAsync(default));

            await store.Rulesets.PublishAsync(v1, default);
            await store.Rulesets.PublishAsync(v2, default);
        }

        await using var reopened = await OpenAsync(options);
        Assert.Equal(v2, await reopened.Rulesets.ReadLatestAsync(default));
        Assert.Equal(v1, await reopened.Rulesets.ReadAsync(1, default));
        Assert.Null(await reopened.Rulesets.ReadAsync(3, default));
        Assert.Equal([v1, v2], await reopened.Rulesets.ReadAllAsync(default));
        Assert.Equal(2, await reopened.Rulesets.ReadLatestVersionAsync(default));
    }

    [Fact]
    public async Task Rulesets_PublishOfAVersionOtherThanLatestPlusOne_IsAConflict_AndStoresNothing()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        await store.Rulesets.PublishAsync(Ruleset(1, "a"), default);

        var again = await Assert.ThrowsAsync<RulesetVersionConflictException>(() => store.Rulesets.PublishAsync(Ruleset(1, "b"), default));
        var skipping = await Assert.ThrowsAsync<RulesetVersionConflictException>(() => store.Rulesets.PublishAsync(Ruleset(3, "c"), default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.Rulesets.PublishAsync(Ruleset(0, "d"), default));

        Assert.Equal((1L, 1L), (again.AttemptedVersion, again.LatestVersion));
        Assert.Equal((3L, 1L), (skipping.AttemptedVersion, skipping.LatestVersion));
        Assert.Equal(["a"], (await store.Rulesets.ReadAllAsync(default)).Select(r => r.Document));
    }

    [Fact]
    public async Task Rulesets_ConcurrentPublishersOfTheSameVersion_OneWins_TheOthersGetAConflict()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        await store.Rulesets.PublishAsync(Ruleset(1, "base"), default);
        const int Publishers = 8;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, Publishers).Select(p => Task.Run<(int Publisher, RulesetVersionConflictException? Conflict)>(async () =>
        {
            await go.Task;
            try
            {
                await store.Rulesets.PublishAsync(Ruleset(2, $"publisher {p}"), default);
                return (p, null);
            }
            catch (RulesetVersionConflictException conflict)
            {
                return (p, conflict);
            }
        })).ToArray();
        go.SetResult();
        var outcomes = await Task.WhenAll(attempts).WaitAsync(Wait);

        var winner = Assert.Single(outcomes, o => o.Conflict is null);
        Assert.All(outcomes.Where(o => o.Conflict is not null), o => Assert.Equal(2, o.Conflict!.LatestVersion));
        Assert.Equal($"publisher {winner.Publisher}", (await store.Rulesets.ReadLatestAsync(default))!.Document);
        Assert.Equal(2, (await store.Rulesets.ReadAllAsync(default)).Count);
    }

    [Fact]
    public async Task Rulesets_ConcurrentPublishersThatRetryOnConflict_GetUniqueConsecutiveVersions()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        const int Publishers = 4;
        const int Each = 5;

        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            for (var n = 0; n < Each; n++)
            {
                while (true)
                {
                    var next = await store.Rulesets.ReadLatestVersionAsync(default) + 1;
                    try
                    {
                        await store.Rulesets.PublishAsync(Ruleset(next, $"p{p}-{n}"), default);
                        break;
                    }
                    catch (RulesetVersionConflictException)
                    {
                        // another publisher took that version: read the latest and try again
                    }
                }
            }
        }))).WaitAsync(Wait);

        var all = await store.Rulesets.ReadAllAsync(default);
        Assert.Equal(Enumerable.Range(1, Publishers * Each).Select(v => (long)v), all.Select(r => r.Version));
        Assert.Equal(Publishers * Each, all.Select(r => r.Document).Distinct().Count());
    }

    [Fact]
    public async Task Rulesets_Import_KeepsTheirNumbersInOrder_OnlyIntoAnEmptyTable()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        var legacy = new[] { Ruleset(3, "three"), Ruleset(1, "one"), Ruleset(2, "two") };

        Assert.Equal(3, await store.Rulesets.ImportAsync(legacy, default));
        Assert.Equal(0, await store.Rulesets.ImportAsync([Ruleset(4, "again")], default));

        Assert.Equal(["one", "two", "three"], (await store.Rulesets.ReadAllAsync(default)).Select(r => r.Document));
        await store.Rulesets.PublishAsync(Ruleset(4, "four"), default);
        Assert.Equal("four", (await store.Rulesets.ReadLatestAsync(default))!.Document);
    }

    [Fact]
    public async Task Rulesets_Import_AfterAPublish_StoresNothing()
    {
        await using var store = await OpenAsync(target.NewDatabase());
        await store.Rulesets.PublishAsync(Ruleset(1, "published"), default);

        Assert.Equal(0, await store.Rulesets.ImportAsync([Ruleset(1, "old"), Ruleset(2, "older")], default));

        Assert.Equal(["published"], (await store.Rulesets.ReadAllAsync(default)).Select(r => r.Document));
    }

    private static StoredRuleset Ruleset(long version, string document, string by = "tester", string comment = "") =>
        new(version, document, T0.AddMinutes(version), by, comment);
}
