namespace Realtime.Storage.Rulesets;

/// <summary>One published ruleset version: the YAML document and who published it, when and why.</summary>
public sealed record StoredRuleset(long Version, string Document, DateTimeOffset PublishedAt, string PublishedBy, string Comment);
