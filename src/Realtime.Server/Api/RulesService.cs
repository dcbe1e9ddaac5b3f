using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Realtime.Contracts.V1;
using Realtime.Customers.Preview;
using Realtime.Grpc;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Server.Hosting;
using Realtime.Server.Rules;

namespace Realtime.Server.Api;

/// <summary>
/// gRPC <c>realtime.v1.Rules</c>: the versioned ruleset. Validate names line, column and rule; Preview evaluates a
/// candidate against the stored customers without changing anything; Publish makes it active at once, and every
/// customer is re-evaluated (active ones at their next turn or wake-up, all of them by a background pass).
/// </summary>
public sealed class RulesService(RealtimeEngine engine, TimeProvider clock) : IGrpcService
{
    private readonly Lock _publishing = new();

    public ServiceDescriptor Descriptor => RulesReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Rules");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<GetRulesRequest, Ruleset>("Get", GetAsync)
        .MapUnary<ValidateRulesRequest, ValidationResult>("Validate", ValidateAsync)
        .MapUnary<PreviewRulesRequest, PreviewResult>("Preview", PreviewAsync)
        .MapUnary<PublishRulesRequest, PublishResult>("Publish", PublishAsync);

    private ValueTask<Ruleset> GetAsync(GetRulesRequest request, ServerCallContext context)
    {
        var active = engine.Rules.Current;
        if (request.Version == 0 || request.Version == active.Version)
        {
            return ValueTask.FromResult(active.ToMessage());
        }

        var entry = engine.Rulesets.Read(request.Version)
            ?? throw new RpcException(StatusCode.NotFound, $"There is no ruleset v{request.Version}; the active one is v{active.Version}.");
        return ValueTask.FromResult(new Ruleset
        {
            Version = entry.Version,
            Yaml = entry.Yaml,
            PublishedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(entry.PublishedAt),
            PublishedBy = entry.PublishedBy,
            Comment = entry.Comment,
        });
    }

    private ValueTask<ValidationResult> ValidateAsync(ValidateRulesRequest request, ServerCallContext context) =>
        ValueTask.FromResult(RulesetBundle.Compile(request.Yaml, engine.Rules.Current.Version + 1, clock.GetUtcNow()).Validation);

    private async ValueTask<PreviewResult> PreviewAsync(PreviewRulesRequest request, ServerCallContext context)
    {
        var (candidate, validation) = RulesetBundle.Compile(request.Yaml, engine.Rules.Current.Version + 1, clock.GetUtcNow());
        if (candidate is null)
        {
            return new PreviewResult { Validation = validation };
        }

        var maxMovers = request.MaxMovers > 0 ? request.MaxMovers : RulesPreview.DefaultMaxMovers;
        var total = new PreviewTotals(maxMovers);
        var cancellation = context.CancellationToken;
        await engine.Actors.FlushAsync(cancellation);
        await foreach (var key in engine.Store.ActorStates.ListKeysAsync(Customers.CustomerActors.CustomerType, cancellation))
        {
            var one = await engine.Actors.Customers.ReadAsync(
                key, state => RulesPreview.Run(candidate.Rules, [state.Customer], clock.GetUtcNow(), maxMovers), cancellation);
            total.Add(one);
        }

        return total.ToResult(validation);
    }

    private async ValueTask<PublishResult> PublishAsync(PublishRulesRequest request, ServerCallContext context)
    {
        RulesetBundle bundle;
        lock (_publishing)
        {
            var active = engine.Rules.Current;
            if (request.ExpectedVersion != 0 && request.ExpectedVersion != active.Version)
            {
                throw new RpcException(StatusCode.Aborted, $"The candidate was written against v{request.ExpectedVersion}, but v{active.Version} is active now: preview it again against v{active.Version}.");
            }

            var (compiled, validation) = RulesetBundle.Compile(request.Yaml, active.Version + 1, clock.GetUtcNow(), request.PublishedBy, request.Comment);
            if (compiled is null)
            {
                return new PublishResult { Validation = validation, Version = active.Version };
            }

            bundle = compiled;
            engine.Rulesets.Write(new RulesetRepository.Entry(bundle.Version, bundle.Yaml, bundle.PublishedAt, bundle.PublishedBy, bundle.Comment));
            engine.Rules.Publish(bundle);
        }

        await engine.ReevaluateAllAsync(context.CancellationToken);
        return new PublishResult { Validation = new ValidationResult { Valid = true }, Version = bundle.Version };
    }
}
