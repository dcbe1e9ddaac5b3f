namespace Realtime.Server.Web;

/// <summary>A candidate ruleset sent by the dashboard's editor.</summary>
public sealed record RulesRequest(string? Yaml, int MaxMovers = 0, long ExpectedVersion = 0, string? Comment = null);
