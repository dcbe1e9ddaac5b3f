using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Realtime.Grpc.Client;
using Realtime.Server.Hosting;
using Realtime.Testing;

namespace Realtime.Server.Tests.Infrastructure;

/// <summary>
/// The real server on loopback (both ports chosen by the OS), on a fake clock and a fresh data folder. gRPC tests go
/// through a real HTTP/2 connection, exactly as clients do.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "realtime-tests", Guid.NewGuid().ToString("N"));

    public GrpcChannel Channel { get; private set; } = null!;

    public WebApplication App => _app ?? throw new InvalidOperationException("The server is not started.");

    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        _app = RealtimeApp.Create(
            ["--Realtime:GrpcPort=0", "--Realtime:HttpPort=0", $"--Realtime:DataDir={DataDir}", "--Logging:LogLevel:Default=Warning"],
            builder => builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        await _app.StartAsync();
        var endpoints = _app.Services.GetRequiredService<BoundEndpoints>();
        GrpcPort = endpoints.GrpcPort;
        HttpPort = endpoints.HttpPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
    }

    public async Task DisposeAsync()
    {
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
            // A file still held open by the OS is left for the temp cleaner; the next run uses a new folder.
        }
    }
}
