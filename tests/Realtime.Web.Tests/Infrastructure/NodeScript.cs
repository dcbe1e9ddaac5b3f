using System.Diagnostics;
using System.Text;

namespace Realtime.Web.Tests.Infrastructure;

/// <summary>Runs a Node script to its end within a time limit; its whole output is kept for failure messages.</summary>
public static class NodeScript
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string node, string folder, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(node) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"(killed after {timeout.TotalSeconds:0} s)");
            return (-1, Snapshot(output));
        }

        process.WaitForExit(); // drains the redirected streams
        return (process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
