using Microsoft.AspNetCore.Builder;
using Realtime.Grpc.Client;
using Realtime.Testing;

namespace Realtime.Server.Tests.Infrastructure;

/// <summary>
/// The real server on loopback (both ports chosen by the OS), on a fake clock and a fresh data folder. gRPC tests go
/// through a real HTTP/2 connection, exactly as clients do.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private RunningServer? _server;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "realtime-tests", Guid.NewGuid().ToString("N"));

    public GrpcChannel Channel => Server.Channel;

    public WebApplication App => Server.App;

    public int GrpcPort => Server.Endpoints.GrpcPort;

    public int HttpPort => Server.Endpoints.HttpPort;

    private RunningServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        _server = await RunningServer.StartAsync(DataDir, Clock);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
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
