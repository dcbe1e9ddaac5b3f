using Realtime.Contracts.V1;
using Realtime.Customers.Preview;
using Realtime.Server.Customers;
using Realtime.Server.Hosting;
using Realtime.Server.Rules;
using Realtime.Storage.Rulesets;

namespace Realtime.Server.Api;

/// <summary>
/// Validate, preview and publish a candidate ruleset; shared by gRPC <c>Rules</c> and the dashboard so both publish
/// under one lock (versions stay consecutive whoever publishes).
/// </summary>
public sealed class RulesOperations(RealtimeEngine engine, TimeProvider clock)
{
    private readonly SemaphoreSlim _publishing = new(1, 1);

    /// <summary>Errors, and warnings against the active ruleset (event types it does not track count from the publish).</summary>
    public ValidationResult Validate(string yaml)
    {
        var active = engine.Rules.Current;
        var (candidate, validation) = RulesetBundle.Compile(yaml, active.Version + 1, clock.GetUtcNow());
        return candidate is null ? validation : TrackingWarnings.AddTo(validation, candidate.Rules, active.Rules);
    }

    /// <summary>Evaluates the candidate against every stored customer and visitor without changing anything.</summary>
    public async Task<PreviewResult> PreviewAsync(string yaml, int maxMovers, CancellationToken cancellation)
    {
        var active = engine.Rules.Current;
        var (candidate, validation) = RulesetBundle.Compile(yaml, active.Version + 1, clock.GetUtcNow());
        if (candidate is null)
        {
            return new PreviewResult { Validation = validation };
        }

        TrackingWarnings.AddTo(validation, candidate.Rules, active.Rules);

        maxMovers = maxMovers > 0 ? maxMovers : RulesPreview.DefaultMaxMovers;
        var total = new PreviewTotals(maxMovers);
        await engine.Actors.FlushAsync(cancellation);

        // Anonymous visitors too: they are in the segments (Segments.List) and a publish re-evaluates them.
        foreach (var (type, runtime) in new[] { (CustomerActors.CustomerType, engine.Actors.Customers), (CustomerActors.VisitorType, engine.Actors.Visitors) })
        {
            await foreach (var key in engine.Store.ActorStates.ListKeysAsync(type, cancellation))
            {
                var one = await runtime.ReadAsync(
                    key, state => RulesPreview.Run(candidate.Rules, [state.Customer], clock.GetUtcNow(), maxMovers), cancellation);
                total.Add(one);
            }
        }

        return total.ToResult(validation);
    }

    /// <summary>
    /// Stores a valid candidate as the next version, makes it active and re-evaluates every customer. Throws
    /// <see cref="RulesVersionConflictException"/> when <paramref name="expectedVersion"/> (0: any) is no longer the
    /// active version, or when another server on the same database stored that version first.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string yaml, long expectedVersion, string publishedBy, string comment, CancellationToken cancellation)
    {
        RulesetBundle bundle;
        ValidationResult published;
        RulesVersionConflictException? lost = null;
        await _publishing.WaitAsync(cancellation);
        try
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

            published = TrackingWarnings.AddTo(validation, compiled.Rules, active.Rules);

            try
            {
                // Not cancellable: once the row is committed, this server must make it active too.
                await engine.Rulesets.PublishAsync(compiled.ToStored(), CancellationToken.None);
                bundle = compiled;
            }
            catch (RulesetVersionConflictException conflict)
            {
                // Another server on this database published first: follow the stored latest, and let the caller
                // preview against it (a retry without an expected version then succeeds).
                bundle = RulesetBundle.FromStored(await engine.Rulesets.LoadActiveAsync(CancellationToken.None));
                lost = new RulesVersionConflictException($"v{conflict.AttemptedVersion} was published meanwhile by {bundle.PublishedBy}; v{bundle.Version} is active now: preview it again against v{bundle.Version}.");
            }

            engine.Rules.Publish(bundle);
        }
        finally
        {
            _publishing.Release();
        }

        await engine.ReevaluateAllAsync(cancellation);
        return lost is null
            ? new PublishResult { Validation = published, Version = bundle.Version }
            : throw lost;
    }
}

/// <summary>A publish written against a version that is no longer active.</summary>
public sealed class RulesVersionConflictException(string message) : Exception(message);
