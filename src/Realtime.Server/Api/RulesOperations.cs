using Realtime.Contracts.V1;
using Realtime.Customers.Preview;
using Realtime.Server.Hosting;
using Realtime.Server.Rules;

namespace Realtime.Server.Api;

/// <summary>
/// Validate, preview and publish a candidate ruleset; shared by gRPC <c>Rules</c> and the dashboard so both publish
/// under one lock (versions stay consecutive whoever publishes).
/// </summary>
public sealed class RulesOperations(RealtimeEngine engine, TimeProvider clock)
{
    private readonly Lock _publishing = new();

    public ValidationResult Validate(string yaml) =>
        RulesetBundle.Compile(yaml, engine.Rules.Current.Version + 1, clock.GetUtcNow()).Validation;

    /// <summary>Evaluates the candidate against every stored customer without changing anything.</summary>
    public async Task<PreviewResult> PreviewAsync(string yaml, int maxMovers, CancellationToken cancellation)
    {
        var (candidate, validation) = RulesetBundle.Compile(yaml, engine.Rules.Current.Version + 1, clock.GetUtcNow());
        if (candidate is null)
        {
            return new PreviewResult { Validation = validation };
        }

        maxMovers = maxMovers > 0 ? maxMovers : RulesPreview.DefaultMaxMovers;
        var total = new PreviewTotals(maxMovers);
        await engine.Actors.FlushAsync(cancellation);
        await foreach (var key in engine.Store.ActorStates.ListKeysAsync(Customers.CustomerActors.CustomerType, cancellation))
        {
            var one = await engine.Actors.Customers.ReadAsync(
                key, state => RulesPreview.Run(candidate.Rules, [state.Customer], clock.GetUtcNow(), maxMovers), cancellation);
            total.Add(one);
        }

        return total.ToResult(validation);
    }

    /// <summary>
    /// Makes a valid candidate active and re-evaluates every customer. Throws <see cref="RulesVersionConflictException"/>
    /// when <paramref name="expectedVersion"/> (0: any) is no longer the active version.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string yaml, long expectedVersion, string publishedBy, string comment, CancellationToken cancellation)
    {
        RulesetBundle bundle;
        lock (_publishing)
        {
            var active = engine.Rules.Current;
            if (expectedVersion != 0 && expectedVersion != active.Version)
            {
                throw new RulesVersionConflictException($"The candidate was written against v{expectedVersion}, but v{active.Version} is active now: preview it again against v{active.Version}.");
            }

            var (compiled, validation) = RulesetBundle.Compile(yaml, active.Version + 1, clock.GetUtcNow(), publishedBy, comment);
            if (compiled is null)
            {
                return new PublishResult { Validation = validation, Version = active.Version };
            }

            bundle = compiled;
            engine.Rulesets.Write(new RulesetRepository.Entry(bundle.Version, bundle.Yaml, bundle.PublishedAt, bundle.PublishedBy, bundle.Comment));
            engine.Rules.Publish(bundle);
        }

        await engine.ReevaluateAllAsync(cancellation);
        return new PublishResult { Validation = new ValidationResult { Valid = true }, Version = bundle.Version };
    }
}

/// <summary>A publish written against a version that is no longer active.</summary>
public sealed class RulesVersionConflictException(string message) : Exception(message);
