using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Realtime.LoadGen.Report;

/// <summary>What a local server's garbage collector did during a run.</summary>
public sealed record ServerGc(int Collections, int Gen0, int Gen1, int Gen2, double PausedMs, double LongestPauseMs, double PausedShare, string Note);

/// <summary>
/// Follows a local .NET process's garbage collections over EventPipe (the runtime's diagnostics port, as dotnet-trace
/// does): how many, of which generation, and how long the process was paused for them. A paused server answers
/// nothing and commits nothing, so long pauses show up directly in tail latencies.
/// </summary>
public sealed class ServerGcProbe : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private readonly Lock _gate = new();
    private readonly int[] _byGeneration = new int[3];
    private double _pausedMs;
    private double _longestMs;
    private double _suspendedAt = double.NaN;

    private ServerGcProbe(EventPipeSession session)
    {
        _session = session;
        var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCStart += e =>
        {
            lock (_gate)
            {
                _byGeneration[Math.Clamp(e.Depth, 0, 2)]++;
            }
        };

        // The pause: from suspending the runtime's threads to resuming them (a background GC's concurrent part is not one).
        source.Clr.GCSuspendEEStart += e =>
        {
            lock (_gate)
            {
                _suspendedAt = e.TimeStampRelativeMSec;
            }
        };
        source.Clr.GCRestartEEStop += e =>
        {
            lock (_gate)
            {
                if (!double.IsNaN(_suspendedAt))
                {
                    var paused = e.TimeStampRelativeMSec - _suspendedAt;
                    _pausedMs += paused;
                    _longestMs = Math.Max(_longestMs, paused);
                    _suspendedAt = double.NaN;
                }
            }
        };
        _reading = Task.Run(source.Process);
    }

    /// <summary>Starts following <paramref name="pid"/>; null with the reason when it cannot (not .NET, diagnostics disabled, another user).</summary>
    public static ServerGcProbe? TryStart(int pid, out string? reason)
    {
        try
        {
            var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC) };
            var session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: false);
            reason = null;
            return new ServerGcProbe(session);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or TimeoutException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            reason = ex.Message;
            return null;
        }
    }

    /// <summary>Stops following and reports what was seen since the start, over <paramref name="elapsed"/>.</summary>
    public async Task<ServerGc> StopAsync(TimeSpan elapsed)
    {
        // Stopping flushes the session: every event up to now is read before the stream ends. A server that exited
        // meanwhile ended the stream itself: what was read until then is reported.
        try
        {
            await _session.StopAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or IOException or TimeoutException)
        {
        }

        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            var collections = _byGeneration.Sum();
            return new ServerGc(collections, _byGeneration[0], _byGeneration[1], _byGeneration[2], Math.Round(_pausedMs, 1), Math.Round(_longestMs, 1),
                elapsed > TimeSpan.Zero ? Math.Round(_pausedMs / elapsed.TotalMilliseconds, 4) : 0,
                "collections started and time the server's threads were suspended for them (EventPipe GC events), over the run; a gen1 or gen2 collection counts once, under its generation");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _session.Dispose();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
