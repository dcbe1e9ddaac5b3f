using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Xunit;

namespace Realtime.Testing;

/// <summary>A child process whose stdout lines a test waits on, killed when disposed; its output goes into failure messages.</summary>
public sealed class LineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();

    private LineProcess(Process process) => _process = process;

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

    public static LineProcess Start(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var child = new LineProcess(process);
        process.OutputDataReceived += (_, e) => child.Append("stdout", e.Data, toLines: true);
        process.ErrorDataReceived += (_, e) => child.Append("stderr", e.Data, toLines: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The next stdout line, which must start with <paramref name="prefix"/>.</summary>
    public async Task<string> ExpectLineAsync(string prefix, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        string line;
        try
        {
            line = await _lines.Reader.ReadAsync(limit.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            await KillAsync();
            Assert.Fail($"Expected a line starting with '{prefix}' within {timeout}.\n{Output}");
            throw;
        }

        Assert.True(line.StartsWith(prefix, StringComparison.Ordinal), $"Expected a line starting with '{prefix}'.\n{Output}");
        return line;
    }

    /// <summary>
    /// The next stdout line, or null if none came within <paramref name="timeout"/>; the process keeps running, so
    /// a test driving a fake clock can move it on and ask again.
    /// </summary>
    public async Task<string?> TryReadLineAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            Assert.Fail($"The process ended its output.\n{Output}");
            throw;
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            Assert.Fail($"The process did not exit within {timeout}.\n{Output}");
        }

        await _process.WaitForExitAsync(); // drains the redirected output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    private void Append(string stream, string? data, bool toLines)
    {
        if (data is null)
        {
            if (toLines)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        lock (_output)
        {
            _output.Append(stream).Append(": ").AppendLine(data);
        }

        if (toLines)
        {
            _lines.Writer.TryWrite(data);
        }
    }
}
