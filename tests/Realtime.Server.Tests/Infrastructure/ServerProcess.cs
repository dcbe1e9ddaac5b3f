using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Realtime.Grpc.Client;

namespace Realtime.Server.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process (the build's Realtime.Server.dll), on loopback ports chosen here, so a
/// test can kill it with SIGKILL and start it again on the same data folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string dataDir, string? postgres, int grpcPort, int httpPort)
    {
        GrpcPort = grpcPort;
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Realtime.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                serverDll, $"--Realtime:DataDir={dataDir}", $"--Realtime:GrpcPort={grpcPort}", $"--Realtime:HttpPort={httpPort}",
                "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        if (postgres is not null)
        {
            start.ArgumentList.Add($"--Realtime:Postgres={postgres}");
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"The server exited with {_process.ExitCode} before it started:\n{Output}"));
        _process.EnableRaisingEvents = true;
    }

    public int GrpcPort { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the server and returns once it logs that it is serving (after replaying its log): on SQLite under
    /// <paramref name="dataDir"/>, or on PostgreSQL when <paramref name="postgres"/> is a connection string.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDir, string? postgres = null)
    {
        var server = new ServerProcess(dataDir, postgres, FreePort(), FreePort());
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server._started.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            server.Kill();
            throw new TimeoutException($"The server did not start within {StartTimeout}:\n{server.Output}");
        }

        return server;
    }

    public GrpcChannel CreateChannel() => GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
