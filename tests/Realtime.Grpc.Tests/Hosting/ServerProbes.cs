using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Realtime.Grpc.BenchHost;
using Realtime.Grpc.Server;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Hosting;

/// <summary>
/// The test server's look at itself: <c>realtime.testing.v1.ProbeService</c> (Protos/interop.proto), the Kestrel limits a
/// call runs under, and a bare Kestrel echo that is the baseline of the allocation test.
/// </summary>
public static class ServerProbes
{
    /// <summary>The bare Kestrel echo (no gRPC layer) on the gRPC port.</summary>
    public const string BareEchoPath = "/bare/echo";

    public static GrpcServiceBuilder Bind(GrpcServiceBuilder service) => service
        .MapDuplexStreaming<Payload, Payload>("Echo", static async (requests, responses, context) =>
        {
            while (await requests.MoveNext(context.CancellationToken))
            {
                await responses.WriteAsync(requests.Current, context.CancellationToken);
            }
        })
        .MapUnary<Empty, LimitsSeen>("UnaryLimits", static (_, context) => ValueTask.FromResult(LimitsOf(context)))
        .MapClientStreaming<Empty, LimitsSeen>("ClientStreamingLimits", static async (requests, context) =>
        {
            while (await requests.MoveNext(context.CancellationToken))
            {
            }

            return LimitsOf(context);
        })
        .MapServerStreaming<Empty, LimitsSeen>("ServerStreamingLimits", static async (_, responses, context) =>
            await responses.WriteAsync(LimitsOf(context), context.CancellationToken))
        .MapDuplexStreaming<Empty, LimitsSeen>("DuplexStreamingLimits", static async (requests, responses, context) =>
        {
            await responses.WriteAsync(LimitsOf(context), context.CancellationToken);
            while (await requests.MoveNext(context.CancellationToken))
            {
            }
        });

    /// <summary>
    /// Middleware in front of the gRPC one: records what the call does to Kestrel's data-rate features, and serves
    /// <see cref="BareEchoPath"/>.
    /// </summary>
    public static Func<RequestDelegate, RequestDelegate> Middleware(KestrelServerLimits limits) => next => http =>
    {
        // Kestrel's HTTP/2 streams only let a rate be set to null, never read, and offer no response-rate feature at all
        // (the response rate is per connection there): these stand-ins start at the server's limits, remember what the
        // call set, and pass it on to Kestrel's feature where there is one.
        var kestrelRequestRate = http.Features.Get<IHttpMinRequestBodyDataRateFeature>();
        var kestrelResponseRate = http.Features.Get<IHttpMinResponseDataRateFeature>();
        var requestRate = new RecordingRate(kestrelRequestRate is null ? null : v => kestrelRequestRate.MinDataRate = v, limits.MinRequestBodyDataRate);
        var responseRate = new RecordingRate(kestrelResponseRate is null ? null : v => kestrelResponseRate.MinDataRate = v, limits.MinResponseDataRate);
        http.Features.Set<IHttpMinRequestBodyDataRateFeature>(requestRate);
        http.Features.Set<IHttpMinResponseDataRateFeature>(responseRate);
        return http.Request.Path == BareEchoPath ? BareKestrelEcho.RunAsync(http) : next(http);
    };

    /// <summary>"none" for a lifted rate, else the rate and its grace period.</summary>
    public static string Describe(MinDataRate? rate) =>
        rate is null ? "none" : $"{rate.BytesPerSecond} B/s after {rate.GracePeriod.TotalSeconds} s";

    private static LimitsSeen LimitsOf(ServerCallContext context)
    {
        var features = context.GetHttpContext().Features;
        return new LimitsSeen
        {
            MinRequestBodyDataRate = Describe(features.GetRequiredFeature<IHttpMinRequestBodyDataRateFeature>().MinDataRate),
            MinResponseDataRate = Describe(features.GetRequiredFeature<IHttpMinResponseDataRateFeature>().MinDataRate),
            MaxRequestBodySizeLifted = features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is null,
        };
    }

    /// <summary>Starts at the server's limit, remembers what the call set, and passes it on to Kestrel's feature.</summary>
    private sealed class RecordingRate(Action<MinDataRate?>? passOn, MinDataRate? initial) : IHttpMinRequestBodyDataRateFeature, IHttpMinResponseDataRateFeature
    {
        private MinDataRate? _rate = initial;

        public MinDataRate? MinDataRate
        {
            get => _rate;
            set
            {
                passOn?.Invoke(value);
                _rate = value;
            }
        }
    }
}
