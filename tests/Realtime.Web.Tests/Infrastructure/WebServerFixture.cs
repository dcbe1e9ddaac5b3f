using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Grpc.Client;
using Realtime.Server.Hosting;

namespace Realtime.Web.Tests.Infrastructure;

/// <summary>
/// The real server in-process on loopback (ports chosen by the OS), on the real clock so the dashboard pushes on
/// its own (a browser cannot advance a fake clock), with a fresh data folder.
/// </summary>
public sealed class WebServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "realtime-web-tests", Guid.NewGuid().ToString("N"));

    public GrpcChannel Channel { get; private set; } = null!;

    public Uri BaseUri { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        _app = RealtimeApp.Create(["--Realtime:GrpcPort=0", "--Realtime:HttpPort=0", $"--Realtime:DataDir={DataDir}", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        var endpoints = _app.Services.GetRequiredService<BoundEndpoints>();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{endpoints.GrpcPort}");
        BaseUri = new Uri($"http://127.0.0.1:{endpoints.HttpPort}/");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the temp cleaner; the next run uses a new folder.
        }
    }
}
