namespace Realtime.Grpc.Server;

/// <summary>
/// Lets at most <c>perSecond</c> lines of one kind through each second, counting the rest. A flood of bad requests
/// must not turn into a flood of log lines: a full console queue blocks the threads that log, and then the server
/// stops serving good calls too. The count of lines held back is handed to the next line let through. Public for the
/// server's other floods (a store outage fails every ingest batch).
/// </summary>
public sealed class LogRateGate(TimeProvider clock, int perSecond)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private long _windowStart;
    private bool _started;
    private int _logged;
    private long _held;

    /// <summary>True when this line may be logged; <paramref name="heldBack"/> is then how many were not, since the last one.</summary>
    public bool TryPass(out long heldBack)
    {
        lock (_gate)
        {
            var now = clock.GetTimestamp();
            if (!_started || clock.GetElapsedTime(_windowStart, now) >= Window)
            {
                _started = true;
                _windowStart = now;
                _logged = 0;
            }

            if (_logged < perSecond)
            {
                _logged++;
                heldBack = _held;
                _held = 0;
                return true;
            }

            _held++;
            heldBack = 0;
            return false;
        }
    }
}
