using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Realtime.LoadGen.Tests;

/// <summary>
/// The real server (Realtime.Server.dll, copied into this test's output by the project reference) as a child process
/// on free loopback ports with a temporary data folder. Ready once it prints "Application started"; killed on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ServerProcess(Process process, string dataDir, int grpcPort, int httpPort)
    {
        _process = process;
        _dataDir = dataDir;
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        HttpAddress = $"http://127.0.0.1:{httpPort}";
    }

    public string GrpcAddress { get; }

    /// <summary>The web port: pages and the SignalR hubs.</summary>
    public string HttpAddress { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Realtime.Server.dll");
        Assert.True(File.Exists(dll), $"the server's build output is missing: {dll}");
        var dataDir = Directory.CreateTempSubdirectory("loadgen-e2e-").FullName;
        var grpcPort = FreePort();
        var httpPort = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { dll, $"--Realtime:DataDir={dataDir}", $"--Realtime:GrpcPort={grpcPort}", $"--Realtime:HttpPort={httpPort}" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, dataDir, grpcPort, httpPort);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._started.TrySetException(new InvalidOperationException($"the server exited early:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server._started.Task.WaitAsync(timeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Count < 2000)
            {
                _output.Add(line);
            }
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
