using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

/// <summary>The client against an HTTP/2 server that is not a gRPC server: statuses come from the HTTP answer.</summary>
public sealed class HttpStatusMappingTests : IAsyncLifetime
{
    private WebApplication? _app;
    private ListenOptions? _listen;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            _listen = listen;
        }));
        _app = builder.Build();
        _app.Run(static http =>
        {
            var name = http.Request.Path.Value!.Split('/')[^1];
            http.Response.StatusCode = name == "NoStatus" ? 200 : int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture);
            http.Response.ContentType = "application/grpc";
            return Task.CompletedTask;
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("S404", StatusCode.Unimplemented)]
    [InlineData("S401", StatusCode.Unauthenticated)]
    [InlineData("S403", StatusCode.PermissionDenied)]
    [InlineData("S400", StatusCode.Internal)]
    [InlineData("S503", StatusCode.Unavailable)]
    [InlineData("S500", StatusCode.Unknown)]
    [InlineData("NoStatus", StatusCode.Unknown)]
    public async Task ResponseWithoutGrpcStatus_MappedFromHttp(string method, StatusCode expected)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{((IPEndPoint)_listen!.EndPoint).Port}");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.UnaryAsync(new Method<Empty, Empty>(MethodType.Unary, "x.Service", method, Empty.Parser), new Empty()));

        Assert.Equal(expected, error.StatusCode);
    }
}
