using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Server.Tests.Infrastructure;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Published rulesets live in the database: they survive a restart, on both vendors, and old files are imported.</summary>
public sealed class RulesetPersistenceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "realtime-tests", Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<string> _log = new();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Publish_ThenRestart_ThePublishedVersionIsActive_AndTheFirstIsKept(string vendor)
    {
        await using var postgres = vendor == "PostgreSql" ? await TestPostgres.CreateSchemaAsync() : null;
        string candidate;
        await using (var first = await StartAsync(postgres?.ConnectionString))
        {
            var initial = await GetRulesAsync(first.Api);
            Assert.Equal((1L, "realtime"), (initial.Version, initial.PublishedBy));
            candidate = initial.Yaml.Replace("points: 20", "points: 30");
            var published = await PublishAsync(first.Api, candidate, initial.Version);
            Assert.Equal(2, published.Version);
        }

        _clock.Advance(TimeSpan.FromHours(1));
        await using var restarted = await StartAsync(postgres?.ConnectionString);

        var active = await GetRulesAsync(restarted.Api);
        Assert.Equal((2L, candidate, "marketer", "agrifood worth more"), (active.Version, active.Yaml, active.PublishedBy, active.Comment));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), active.PublishedAt.ToDateTimeOffset());
        Assert.Equal(DefaultRuleset.Yaml, (await GetRulesAsync(restarted.Api, version: 1)).Yaml);
        await restarted.Api.TrackAsync(restarted.Api.NewEvent("after-restart", e => e.Traits = new Traits { Sector = "agrifood", CompanySize = 80, Role = "ceo" }));
        var customer = await restarted.Api.GetAsync("after-restart");
        Assert.Equal((2L, "B", 50.0), (customer.RulesetVersion, customer.Grade, customer.Score));
        Assert.Equal(3, (await PublishAsync(restarted.Api, candidate.Replace("points: 30", "points: 31"), 2)).Version);
    }

    [Fact]
    public async Task Start_OnADataFolderWithRulesetFiles_ImportsThemOnce_AndSaysSoInTheLog()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dataDir, "rulesets")).FullName;
        var second = DefaultRuleset.Yaml.Replace("points: 20", "points: 30");
        File.WriteAllText(Path.Combine(folder, "000001.yaml"), DefaultRuleset.Yaml);
        File.WriteAllText(Path.Combine(folder, "000001.json"), """{"PublishedAt":"2026-01-05T10:00:00+00:00","PublishedBy":"realtime","Comment":"default"}""");
        File.WriteAllText(Path.Combine(folder, "000002.yaml"), second);
        File.WriteAllText(Path.Combine(folder, "000002.json"), """{"PublishedAt":"2026-02-07T11:30:00+00:00","PublishedBy":"ann","Comment":"more for agrifood"}""");

        await using (var first = await StartAsync(postgres: null))
        {
            var active = await GetRulesAsync(first.Api);
            Assert.Equal((2L, second, "ann", "more for agrifood"), (active.Version, active.Yaml, active.PublishedBy, active.Comment));
            Assert.Equal(new DateTimeOffset(2026, 2, 7, 11, 30, 0, TimeSpan.Zero), active.PublishedAt.ToDateTimeOffset());
            Assert.Equal(("realtime", DefaultRuleset.Yaml), ((await GetRulesAsync(first.Api, version: 1)).PublishedBy, (await GetRulesAsync(first.Api, version: 1)).Yaml));
            Assert.Equal(3, (await PublishAsync(first.Api, second.Replace("points: 30", "points: 35"), 2)).Version);
        }

        Assert.Single(_log, line => line.Contains("Imported 2 ruleset versions (v1 to v2)", StringComparison.Ordinal));

        // The files are still there, but the table is no longer empty: nothing is imported again.
        await using var restarted = await StartAsync(postgres: null);
        Assert.Equal(3, (await GetRulesAsync(restarted.Api)).Version);
        Assert.Single(_log, line => line.Contains("Imported", StringComparison.Ordinal));
    }

    private static Task<Ruleset> GetRulesAsync(RealtimeApi api, long version = 0) =>
        api.CallAsync<GetRulesRequest, Ruleset>(RulesReflection.Descriptor, "Rules", "Get", new GetRulesRequest { Version = version });

    private static async Task<PublishResult> PublishAsync(RealtimeApi api, string yaml, long expectedVersion)
    {
        var result = await api.CallAsync<PublishRulesRequest, PublishResult>(RulesReflection.Descriptor, "Rules", "Publish",
            new PublishRulesRequest { Yaml = yaml, ExpectedVersion = expectedVersion, PublishedBy = "marketer", Comment = "agrifood worth more" });
        Assert.True(result.Validation.Valid, string.Join("; ", result.Validation.Errors));
        return result;
    }

    private Task<RunningServer> StartAsync(string? postgres) =>
        RunningServer.StartAsync(_dataDir, _clock, postgres, ["--Logging:LogLevel:Realtime.Server.Rules=Information"],
            builder => builder.Logging.AddProvider(new CollectingLoggerProvider(_log)));
}
