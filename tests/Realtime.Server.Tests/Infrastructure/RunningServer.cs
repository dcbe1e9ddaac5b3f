using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Realtime.Grpc.Client;
using Realtime.Server.Hosting;
using Realtime.Testing;

namespace Realtime.Server.Tests.Infrastructure;

/// <summary>
/// A real server over a data folder (and optionally a PostgreSQL schema) that outlives it: tests that restart start
/// one, dispose it (a clean stop), and start another on the same data.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, GrpcChannel channel, RealtimeApi api)
    {
        App = app;
        Channel = channel;
        Api = api;
        Endpoints = app.Services.GetRequiredService<BoundEndpoints>();
    }

    public WebApplication App { get; }

    public GrpcChannel Channel { get; }

    public RealtimeApi Api { get; }

    /// <summary>The ports the OS chose.</summary>
    public BoundEndpoints Endpoints { get; }

    /// <param name="arguments">More command-line settings, e.g. log levels.</param>
    /// <param name="configure">Runs after the clock is replaced, e.g. to add a log provider.</param>
    public static async Task<RunningServer> StartAsync(
        string dataDir, FakeTimeProvider clock, string? postgres = null, string[]? arguments = null, Action<WebApplicationBuilder>? configure = null)
    {
        string[] args =
        [
            "--Realtime:GrpcPort=0", "--Realtime:HttpPort=0", $"--Realtime:DataDir={dataDir}", "--Logging:LogLevel:Default=Warning",
            .. postgres is null ? Array.Empty<string>() : [$"--Realtime:Postgres={postgres}"],
            .. arguments ?? [],
        ];
        var app = RealtimeApp.Create(args, builder =>
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{app.Services.GetRequiredService<BoundEndpoints>().GrpcPort}");
        return new RunningServer(app, channel, new RealtimeApi(channel, clock.GetUtcNow));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
