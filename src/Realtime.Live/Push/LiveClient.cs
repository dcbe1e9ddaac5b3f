using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Realtime.Live.Push;

/// <summary>
/// One connected client: a bounded queue of already serialized messages and the loop that writes them to the
/// connection. The push loops never wait for a client; a full queue is the caller's signal that it fell behind.
/// </summary>
internal sealed class LiveClient
{
    private readonly Channel<SerializedHubMessage> _queue;
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);
    private readonly string _hub;
    private readonly LiveMetrics _metrics;
    private readonly ILogger _logger;
    private int _consecutiveOverflows;
    private int _channelMask;
    private volatile bool _needsSnapshot = true;

    public LiveClient(HubConnectionContext connection, string hub, int capacity, LiveMetrics metrics, ILogger logger)
    {
        Connection = connection;
        _hub = hub;
        _metrics = metrics;
        _logger = logger;
        // Several readers: the writer loop, and the push loop when it throws a backlog away.
        _queue = Channel.CreateBounded<SerializedHubMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = false,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public HubConnectionContext Connection { get; }

    public string ConnectionId => Connection.ConnectionId;

    /// <summary>Messages waiting; never more than the capacity.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Dashboard: the client gets a full snapshot at the next push (set on connect and on Subscribe).</summary>
    public bool NeedsSnapshot
    {
        get => _needsSnapshot;
        set => _needsSnapshot = value;
    }

    /// <summary>Pressure: the channels subscribed to, one bit per <c>Channel</c> value; 0 when not subscribed.</summary>
    public int ChannelMask
    {
        get => Volatile.Read(ref _channelMask);
        set => Volatile.Write(ref _channelMask, value);
    }

    public bool TryEnqueue(SerializedHubMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>Counts a full queue; reset whenever a message reaches the connection.</summary>
    public int RecordOverflow() => Interlocked.Increment(ref _consecutiveOverflows);

    public void DiscardBacklog()
    {
        while (_queue.Reader.TryRead(out _))
        {
        }
    }

    public void Abort()
    {
        _queue.Writer.TryComplete();
        DiscardBacklog();
        Connection.Abort();
    }

    public void Complete() => _queue.Writer.TryComplete();

    // Dashboard watches; the hub method and the push loop touch them from different threads.
    public bool Watch(string customerId, int max)
    {
        lock (_watched)
        {
            if (_watched.Contains(customerId))
            {
                return false;
            }

            if (_watched.Count >= max)
            {
                throw new HubException($"A client may watch at most {max} customers at once; unwatch one first.");
            }

            _watched.Add(customerId);
            return true;
        }
    }

    public bool Unwatch(string customerId)
    {
        lock (_watched)
        {
            return _watched.Remove(customerId);
        }
    }

    public bool IsWatching(string customerId)
    {
        lock (_watched)
        {
            return _watched.Contains(customerId);
        }
    }

    public string[] WatchedCustomers()
    {
        lock (_watched)
        {
            return [.. _watched];
        }
    }

    /// <summary>Returns the watched customers and forgets them (on disconnect).</summary>
    public string[] TakeWatchedCustomers()
    {
        lock (_watched)
        {
            string[] watched = [.. _watched];
            _watched.Clear();
            return watched;
        }
    }

    public async Task WriteLoopAsync()
    {
        var aborted = Connection.ConnectionAborted;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(aborted))
            {
                while (_queue.Reader.TryRead(out var message))
                {
                    await Connection.WriteAsync(message, aborted);
                    Volatile.Write(ref _consecutiveOverflows, 0);
                    _metrics.Pushed(_hub);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            Log.ClientWriteEnded(_logger, _hub, ConnectionId, ex);
        }
    }
}
