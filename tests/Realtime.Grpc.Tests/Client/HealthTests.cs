using Grpc.Health.V1;
using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Realtime.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public sealed class HealthTests(GrpcTestServer server)
{
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Watch"));

    [Fact]
    public async Task Check_WholeServer_Serving()
    {
        var response = await server.Channel.UnaryAsync(Check, new HealthCheckRequest { Service = "" });

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_RegisteredService_ReportsItsStatus()
    {
        server.Health.SetStatus("check.registered", ServingStatus.NotServing);

        var response = await server.Channel.UnaryAsync(Check, new HealthCheckRequest { Service = "check.registered" });

        Assert.Equal(ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Channel.UnaryAsync(Check, new HealthCheckRequest { Service = "no.such.Service" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("Unknown service 'no.such.Service'.", error.Detail);
    }

    [Fact]
    public async Task Watch_SendsCurrentStatus_ThenEveryChange()
    {
        server.Health.SetStatus("watch.changes", ServingStatus.Serving);
        using var call = server.Channel.ServerStreaming(Watch, new HealthCheckRequest { Service = "watch.changes" });

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);

        server.Health.SetStatus("watch.changes", ServingStatus.NotServing);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_UnknownService_ServiceUnknownThenRealStatusOnceKnown()
    {
        using var call = server.Channel.ServerStreaming(Watch, new HealthCheckRequest { Service = "watch.later" });

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);

        server.Health.SetStatus("watch.later", ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }
}
