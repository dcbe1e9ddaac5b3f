using System.Net;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Wire;

[Collection(GrpcServerCollection.Name)]
public sealed class HttpRejectionTests(GrpcTestServer server)
{
    private const string EmptyCallPath = "/realtime.testing.v1.TestService/EmptyCall";
    private static readonly byte[] EmptyMessage = RawGrpc.Frame(new Empty());

    [Theory]
    [InlineData(null, "Content-Type is missing from the request.")]
    [InlineData("text/plain", "Content-Type 'text/plain' is not supported.")]
    [InlineData("application/json", "Content-Type 'application/json' is not supported.")]
    [InlineData("application/grpc-web", "Content-Type 'application/grpc-web' is not supported.")]
    public async Task WrongContentType_415_WithInternalStatusAndMessage(string? contentType, string message)
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, EmptyMessage, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal(13, response.GrpcStatus);
        Assert.Equal(message, response.GrpcMessage);
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/GRPC; charset=utf-8")]
    public async Task GrpcContentTypes_Accepted(string contentType)
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, EmptyMessage, contentType));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Get_405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EmptyCallPath) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var response = await RawGrpc.SendAsync(server.Raw, request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.HttpStatus);
        Assert.Equal(13, response.GrpcStatus);
        Assert.Equal("Request method 'GET' is not supported: gRPC calls are POST.", response.GrpcMessage);
    }

    [Fact]
    public async Task Http11_OnAGrpcRoute_426WithUpgrade()
    {
        using var http11 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}") };
        using var request = RawGrpc.Request(EmptyCallPath, EmptyMessage);
        request.Version = HttpVersion.Version11;
        var response = await RawGrpc.SendAsync(http11, request);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.HttpStatus);
        Assert.Equal("HTTP/2", response.Headers.Upgrade.Single().ToString());
        Assert.Equal(13, response.GrpcStatus);
        Assert.Equal("Request protocol 'HTTP/1.1' is not supported: gRPC needs HTTP/2.", response.GrpcMessage);
    }

    [Fact]
    public async Task WebPort_NonGrpcRequests_GoOnDownThePipeline()
    {
        using var http11 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}") };

        using var response = await http11.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("web endpoint", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GrpcPort_IsHttp2Only_Http11IsRefusedByKestrel()
    {
        using var http11 = new HttpClient { BaseAddress = server.GrpcAddress };
        using var request = RawGrpc.Request(EmptyCallPath, EmptyMessage);
        request.Version = HttpVersion.Version11;

        using var response = await http11.SendAsync(request);

        // Kestrel answers an HTTP/1.x request on an HTTP/2-only endpoint itself, before any middleware runs.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Contains("HTTP/2 only endpoint", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/realtime.testing.v1.NoSuchService/EmptyCall", "Service is unimplemented: 'realtime.testing.v1.NoSuchService'.")]
    [InlineData("/realtime.testing.v1.TestService/NoSuchMethod", "Method is unimplemented: realtime.testing.v1.TestService has no method 'NoSuchMethod'.")]
    [InlineData("/realtime.testing.v1.testservice/EmptyCall", "Service is unimplemented: 'realtime.testing.v1.testservice'.")]
    [InlineData("/realtime.testing.v1.TestService/emptycall", "Method is unimplemented: realtime.testing.v1.TestService has no method 'emptycall'.")]
    [InlineData("/EmptyCall", "Malformed method path '/EmptyCall': expected /package.Service/Method.")]
    [InlineData("/realtime.testing.v1.TestService/", "Malformed method path '/realtime.testing.v1.TestService/': expected /package.Service/Method.")]
    [InlineData("//EmptyCall", "Malformed method path '//EmptyCall': expected /package.Service/Method.")]
    [InlineData("/a/b/c", "Malformed method path '/a/b/c': expected /package.Service/Method.")]
    public async Task UnknownOrMalformedPath_UnimplementedAsTrailersOnly(string path, string message)
    {
        // An absolute URI, so that a path such as "//x" stays a path.
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request($"http://127.0.0.1:{server.GrpcPort}{path}", EmptyMessage));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal(12, response.GrpcStatus);
        Assert.Equal(message, response.GrpcMessage);
        Assert.Equal("application/grpc", response.ContentHeaders.ContentType?.MediaType);
    }
}
