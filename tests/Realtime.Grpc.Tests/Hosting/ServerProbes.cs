using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
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
        var requestRate = new RecordingRequestRate(http.Features.Get<IHttpMinRequestBodyDataRateFeature>(), limits.MinRequestBodyDataRate);
        var responseRate = new RecordingResponseRate(http.Features.Get<IHttpMinResponseDataRateFeature>(), limits.MinResponseDataRate);
        http.Features.Set<IHttpMinRequestBodyDataRateFeature>(requestRate);
        http.Features.Set<IHttpMinResponseDataRateFeature>(responseRate);
        return http.Request.Path == BareEchoPath ? BareEchoAsync(http) : next(http);
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

    /// <summary>
    /// Echoes each length-prefixed message once it is whole, with one flush per message, as the gRPC path does: the same
    /// HTTP/2 traffic without the gRPC layer.
    /// </summary>
    private static async Task BareEchoAsync(HttpContext http)
    {
        // A long stream, as a gRPC one: Kestrel's body size and rate limits off.
        http.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = null;
        http.Features.GetRequiredFeature<IHttpMinRequestBodyDataRateFeature>().MinDataRate = null;
        http.Response.ContentType = "application/grpc";
        var reader = http.Request.BodyReader;
        var writer = http.Response.BodyWriter;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            while (TryTakeMessage(ref buffer, out var message))
            {
                foreach (var segment in message)
                {
                    writer.Write(segment.Span);
                }

                await writer.FlushAsync();
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        http.Response.AppendTrailer("grpc-status", "0");
    }

    private static bool TryTakeMessage(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        message = default;
        if (buffer.Length < 5)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(prefix);
        var length = 5 + (long)BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        if (buffer.Length < length)
        {
            return false;
        }

        message = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        return true;
    }

    private sealed class RecordingRequestRate(IHttpMinRequestBodyDataRateFeature? kestrel, MinDataRate? initial) : IHttpMinRequestBodyDataRateFeature
    {
        private MinDataRate? _rate = initial;

        public MinDataRate? MinDataRate
        {
            get => _rate;
            set
            {
                if (kestrel is not null)
                {
                    kestrel.MinDataRate = value;
                }

                _rate = value;
            }
        }
    }

    private sealed class RecordingResponseRate(IHttpMinResponseDataRateFeature? kestrel, MinDataRate? initial) : IHttpMinResponseDataRateFeature
    {
        private MinDataRate? _rate = initial;

        public MinDataRate? MinDataRate
        {
            get => _rate;
            set
            {
                if (kestrel is not null)
                {
                    kestrel.MinDataRate = value;
                }

                _rate = value;
            }
        }
    }
}
