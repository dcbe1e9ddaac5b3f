using Microsoft.AspNetCore.Server.Kestrel.Core;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

/// <summary>
/// Kestrel's per-request limits (T6): lifted for the directions that stream, kept for unary calls. The handlers report
/// what they see through the test server's recording features (<see cref="ServerProbes"/>), so nothing waits for a
/// rate limit to fire.
/// </summary>
[Collection(GrpcServerCollection.Name)]
public sealed class StreamLimitsTests(GrpcTestServer server)
{
    private static readonly string RequestRateDefault = ServerProbes.Describe(new KestrelServerLimits().MinRequestBodyDataRate);
    private static readonly string ResponseRateDefault = ServerProbes.Describe(new KestrelServerLimits().MinResponseDataRate);

    [Fact]
    public void KestrelDefaults_AreRatesWithAGracePeriod()
    {
        // What "kept" means below: Kestrel's defaults, 240 B/s after 5 s both ways.
        Assert.Equal("240 B/s after 5 s", RequestRateDefault);
        Assert.Equal("240 B/s after 5 s", ResponseRateDefault);
    }

    [Fact]
    public async Task Unary_KeepsEveryKestrelLimit()
    {
        var seen = await server.Channel.UnaryAsync(TestMethods.UnaryLimits, new Empty());

        Assert.Equal(RequestRateDefault, seen.MinRequestBodyDataRate);
        Assert.Equal(ResponseRateDefault, seen.MinResponseDataRate);
        Assert.False(seen.MaxRequestBodySizeLifted);
    }

    [Fact]
    public async Task ClientStreaming_LiftsTheRequestLimits()
    {
        using var call = server.Channel.ClientStreaming(TestMethods.ClientStreamingLimits);
        await call.RequestStream.WriteAsync(new Empty());
        await call.RequestStream.CompleteAsync();
        var seen = await call;

        Assert.Equal("none", seen.MinRequestBodyDataRate);
        Assert.True(seen.MaxRequestBodySizeLifted);
        Assert.Equal(ResponseRateDefault, seen.MinResponseDataRate);
    }

    [Fact]
    public async Task ServerStreaming_LiftsTheResponseRate()
    {
        using var call = server.Channel.ServerStreaming(TestMethods.ServerStreamingLimits, new Empty());
        Assert.True(await call.ResponseStream.MoveNext());
        var seen = call.ResponseStream.Current;

        Assert.Equal("none", seen.MinResponseDataRate);
        // One request message: the request limits stay.
        Assert.Equal(RequestRateDefault, seen.MinRequestBodyDataRate);
        Assert.False(seen.MaxRequestBodySizeLifted);
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task DuplexStreaming_LiftsBothRatesAndTheBodySize()
    {
        using var call = server.Channel.DuplexStreaming(TestMethods.DuplexStreamingLimits);
        Assert.True(await call.ResponseStream.MoveNext());
        var seen = call.ResponseStream.Current;
        await call.RequestStream.CompleteAsync();

        Assert.Equal("none", seen.MinRequestBodyDataRate);
        Assert.Equal("none", seen.MinResponseDataRate);
        Assert.True(seen.MaxRequestBodySizeLifted);
        Assert.False(await call.ResponseStream.MoveNext());
    }
}
