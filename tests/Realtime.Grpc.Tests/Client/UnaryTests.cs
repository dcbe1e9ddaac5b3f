using Google.Protobuf;
using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public sealed class UnaryTests(GrpcTestServer server)
{
    [Fact]
    public async Task EmptyCall_ZeroLengthMessagesBothWays_Ok()
    {
        using var call = server.Channel.UnaryAsync(TestMethods.EmptyCall, new Empty());
        var response = await call;

        Assert.Equal(new Empty(), response);
        Assert.Equal(StatusCode.OK, call.GetStatus(out _));
    }

    [Fact]
    public async Task LargeUnary_RequestAndResponseBeyondTheFlowControlWindow()
    {
        var response = await server.Channel.UnaryAsync(TestMethods.UnaryCall, new SimpleRequest
        {
            ResponseSize = 314_159,
            Payload = new Payload { Body = ByteString.CopyFrom(new byte[271_828]) },
        });

        Assert.Equal(314_159, response.Payload.Body.Length);
        Assert.Equal(271_828, response.ReceivedSize);
    }
}
