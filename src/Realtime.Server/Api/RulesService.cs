using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Server.Hosting;

namespace Realtime.Server.Api;

/// <summary>
/// gRPC <c>realtime.v1.Rules</c>: the versioned ruleset. Validate names line, column and rule; Preview evaluates a
/// candidate against the stored customers without changing anything; Publish makes it active at once, and every
/// customer is re-evaluated (active ones at their next turn or wake-up, all of them by a background pass).
/// </summary>
public sealed class RulesService(RealtimeEngine engine, RulesOperations operations) : IGrpcService
{
    public ServiceDescriptor Descriptor => RulesReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Rules");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<GetRulesRequest, Ruleset>("Get", GetAsync)
        .MapUnary<ValidateRulesRequest, ValidationResult>("Validate", ValidateAsync)
        .MapUnary<PreviewRulesRequest, PreviewResult>("Preview", PreviewAsync)
        .MapUnary<PublishRulesRequest, PublishResult>("Publish", PublishAsync);

    private async ValueTask<Ruleset> GetAsync(GetRulesRequest request, ServerCallContext context)
    {
        var active = engine.Rules.Current;
        if (request.Version == 0 || request.Version == active.Version)
        {
            return active.ToMessage();
        }

        var stored = await engine.Rulesets.ReadAsync(request.Version, context.CancellationToken)
            ?? throw new RpcException(StatusCode.NotFound, $"There is no ruleset v{request.Version}; the active one is v{active.Version}.");
        return new Ruleset
        {
            Version = stored.Version,
            Yaml = stored.Document,
            PublishedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(stored.PublishedAt),
            PublishedBy = stored.PublishedBy,
            Comment = stored.Comment,
        };
    }

    private ValueTask<ValidationResult> ValidateAsync(ValidateRulesRequest request, ServerCallContext context) =>
        ValueTask.FromResult(operations.Validate(request.Yaml));

    private async ValueTask<PreviewResult> PreviewAsync(PreviewRulesRequest request, ServerCallContext context) =>
        await operations.PreviewAsync(request.Yaml, request.MaxMovers, context.CancellationToken);

    private async ValueTask<PublishResult> PublishAsync(PublishRulesRequest request, ServerCallContext context)
    {
        try
        {
            return await operations.PublishAsync(request.Yaml, request.ExpectedVersion, request.PublishedBy, request.Comment, context.CancellationToken);
        }
        catch (RulesVersionConflictException conflict)
        {
            throw new RpcException(StatusCode.Aborted, conflict.Message);
        }
    }
}
