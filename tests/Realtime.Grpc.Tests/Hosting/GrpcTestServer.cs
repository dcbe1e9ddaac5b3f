using System.Net;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grpc.Client;
using Realtime.Grpc.Health;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Hosting;

/// <summary>
/// Real Kestrel on 127.0.0.1 with two ports, as the Realtime server runs: an HTTP/2-only gRPC port and an
/// HTTP/1.1+2 web port (which serves gRPC only to requests that claim it, so the 426 answer can be seen).
/// </summary>
public sealed class GrpcTestServer : IAsyncLifetime
{
    private readonly Action<GrpcServerOptions>? _configure;
    private readonly TimeProvider? _clock;
    private WebApplication? _app;
    private ListenOptions? _grpcListen;
    private ListenOptions? _webListen;

    public GrpcTestServer()
        : this(null)
    {
    }

    private GrpcTestServer(Action<GrpcServerOptions>? configure, TimeProvider? clock = null)
    {
        _configure = configure;
        _clock = clock;
    }

    public CancellationObserver Observer { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public HealthStatusRegistry Health => _app!.Services.GetRequiredService<HealthStatusRegistry>();

    public int GrpcPort => ((IPEndPoint)_grpcListen!.EndPoint).Port;

    public int WebPort => ((IPEndPoint)_webListen!.EndPoint).Port;

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>A plain HTTP/2 (prior knowledge) client for hand-made requests.</summary>
    public HttpClient Raw { get; private set; } = null!;

    /// <summary>A server of its own; <paramref name="clock"/> replaces the system clock (deadlines and rate limits).</summary>
    public static async Task<GrpcTestServer> StartAsync(Action<GrpcServerOptions>? configure, TimeProvider? clock = null)
    {
        var server = new GrpcTestServer(configure, clock);
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(Logs);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.ListenGrpc(IPAddress.Loopback, 0, listen => _grpcListen = listen);
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                _webListen = listen;
            });
        });
        builder.Services.AddSingleton(Observer);
        if (_clock is not null)
        {
            builder.Services.AddSingleton(_clock);
        }

        // Calls still running at shutdown get this long before Kestrel aborts them (keeps shutdown tests short).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        // Tests that share this server assert the log line of their own rejected call: none is held back unless a test
        // asks for a rate (RejectionLogTests).
        builder.Services.AddRealtimeGrpc(o =>
            {
                o.RejectionLogsPerSecond = int.MaxValue;
                _configure?.Invoke(o);
            })
            .AddService<TestServiceImpl>()
            .AddService(InteropReflection.Descriptor.FindTypeByName<ServiceDescriptor>("FaultService"), (service, _) => service
                .MapUnary<Empty, Empty>("Throw", static (_, _) => throw new InvalidOperationException("secret detail"))
                .MapUnary<Empty, Empty>("ReturnNothing", static (_, _) => ValueTask.FromResult<Empty>(null!))
                .MapServerStreaming<Empty, Empty>("FailAfterMessages", static async (_, stream, _) =>
                {
                    for (var i = 0; i < 3; i++)
                    {
                        await stream.WriteAsync(new Empty());
                    }

                    throw new RpcException(StatusCode.Aborted, "stopped after three", new Metadata().Add("reason", "test"));
                })
                .MapServerStreaming<WaitRequest, Empty>("WriteWhenReleased", async (request, stream, _) =>
                {
                    Observer.Started(request.Key);
                    await Observer.WhenReleased(request.Key);
                    try
                    {
                        await stream.WriteAsync(new Empty());
                        Observer.Ended(request.Key, "written");
                    }
                    catch (OperationCanceledException)
                    {
                        Observer.Ended(request.Key, "write cancelled");
                    }
                }))
            .AddService(InteropReflection.Descriptor.FindTypeByName<ServiceDescriptor>("ProbeService"), static (service, _) => ServerProbes.Bind(service));

        _app = builder.Build();
        _app.Use(ServerProbes.Middleware(_app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits));
        _app.UseRealtimeGrpc();
        _app.UseRealtimeGrpc(static http => http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true);
        _app.Run(static http =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return http.Response.WriteAsync("web endpoint");
        });
        await _app.StartAsync();

        Channel = GrpcChannel.ForAddress(GrpcAddress);
        Raw = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = GrpcAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        Raw?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrpcServerCollection : ICollectionFixture<GrpcTestServer>
{
    public const string Name = "grpc server";
}
