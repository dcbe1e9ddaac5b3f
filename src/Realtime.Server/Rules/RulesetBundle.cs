using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Pressure;
using Realtime.Storage.Rulesets;
using RuleError = Realtime.Customers.Rules.RuleError;

namespace Realtime.Server.Rules;

/// <summary>
/// One ruleset version, compiled: the customer rules (scoring, grades, tiers, lifecycle, segments) and the contact
/// pressure policy from its <c>contact_pressure:</c> section. Immutable; swapped whole on publish.
/// </summary>
public sealed record RulesetBundle(CompiledRuleset Rules, PressurePolicy Pressure, DateTimeOffset PublishedAt, string PublishedBy, string Comment)
{
    public long Version => Rules.Version;

    public string Yaml => Rules.Yaml;

    /// <summary>Compiles a document; errors from both sections name the line, the column and the rule or setting.</summary>
    public static (RulesetBundle? Bundle, ValidationResult Validation) Compile(string yaml, long version, DateTimeOffset publishedAt, string publishedBy = "", string comment = "")
    {
        var loaded = RulesetLoader.Load(yaml, version);
        var errors = new List<RuleError>(loaded.Errors);
        var policy = PressurePolicy.Default;
        if (loaded.Ruleset?.ContactPressure is { } section)
        {
            var policyErrors = new List<PolicyError>();
            policy = PressurePolicy.FromNode(section, policyErrors);
            errors.AddRange(policyErrors.Select(e => new RuleError(e.Line, e.Column, e.Setting, e.Message)));
        }

        var validation = Realtime.Customers.Preview.Validation.Of(errors);
        return validation.Valid && loaded.Ruleset is { } rules
            ? (new RulesetBundle(rules, policy, publishedAt, publishedBy, comment), validation)
            : (null, validation);
    }

    /// <summary>Compiles a stored version; a stored version that no longer compiles stops the caller, naming every error.</summary>
    public static RulesetBundle FromStored(StoredRuleset stored)
    {
        var (bundle, validation) = Compile(stored.Document, stored.Version, stored.PublishedAt, stored.PublishedBy, stored.Comment);
        return bundle ?? throw new InvalidOperationException(
            $"The stored ruleset v{stored.Version} is invalid: " +
            string.Join("; ", validation.Errors.Select(e => $"{e.Line}:{e.Column} [{e.Rule}] {e.Message}")));
    }

    public StoredRuleset ToStored() => new(Version, Yaml, PublishedAt, PublishedBy, Comment);

    public Ruleset ToMessage() => new()
    {
        Version = Version,
        Yaml = Yaml,
        PublishedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(PublishedAt),
        PublishedBy = PublishedBy,
        Comment = Comment,
    };
}
