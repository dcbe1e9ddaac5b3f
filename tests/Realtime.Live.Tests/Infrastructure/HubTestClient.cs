using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;

namespace Realtime.Live.Tests.Infrastructure;

/// <summary>A server-pushed invocation (type 1): its target and arguments.</summary>
public sealed record HubInvocation(string Target, JsonElement Arguments)
{
    public JsonElement Payload => Arguments[0];
}

/// <summary>
/// A raw SignalR client speaking the JSON hub protocol over a WebSocket (reference/signalr-protocol.md §7): negotiate
/// (v1), handshake, records cut at 0x1E, invocations with ids awaited on their completion, pings ignored.
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;
    private readonly Lock _gate = new();
    private readonly List<HubInvocation> _received = [];
    private readonly Dictionary<string, int> _cursors = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = [];
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _paused;
    private Task? _receiveLoop;
    private int _nextId;

    private HubTestClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Completes with the server's close error (null for a clean close) when the connection ends.</summary>
    public Task<string?> Closed => _closed.Task;

    public IReadOnlyList<HubInvocation> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <param name="receiveBufferSize">A small socket receive buffer makes a paused client back up quickly.</param>
    public static async Task<HubTestClient> ConnectAsync(Uri baseUri, string path, int? receiveBufferSize = null)
    {
        using var limit = new CancellationTokenSource(DefaultWait);
        using var http = new HttpClient { BaseAddress = baseUri };
        using var negotiate = await http.PostAsync(new Uri($"{path}/negotiate?negotiateVersion=1", UriKind.Relative), null, limit.Token);
        negotiate.EnsureSuccessStatusCode();
        using var negotiated = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync(limit.Token));
        var token = negotiated.RootElement.GetProperty("connectionToken").GetString();
        Assert.Contains(negotiated.RootElement.GetProperty("availableTransports").EnumerateArray(), t => t.GetProperty("transport").GetString() == "WebSockets");

        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://{baseUri.Authority}{path}?id={Uri.EscapeDataString(token!)}");
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var raw = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBufferSize is { } size)
                {
                    raw.ReceiveBufferSize = size;
                }

                await raw.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(raw, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        await socket.ConnectAsync(uri, invoker, limit.Token);

        var client = new HubTestClient(socket);
        await client.HandshakeAsync(limit.Token);
        client._receiveLoop = client.ReceiveLoopAsync();
        return client;
    }

    /// <summary>Calls a hub method and waits for its completion; a completion with an error fails the call.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending[id] = completion;
        }

        await SendRecordAsync(new { type = 1, invocationId = id, target, arguments });
        return await completion.Task.WaitAsync(DefaultWait);
    }

    /// <summary>The next push with this target not yet returned by this method (in arrival order).</summary>
    public async Task<HubInvocation> NextAsync(string target, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? DefaultWait);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var cursor = _cursors.GetValueOrDefault(target);
                for (var i = cursor; i < _received.Count; i++)
                {
                    if (string.Equals(_received[i].Target, target, StringComparison.OrdinalIgnoreCase))
                    {
                        _cursors[target] = i + 1;
                        return _received[i];
                    }
                }

                _cursors[target] = _received.Count;
                arrived = _arrived.Task;
            }

            try
            {
                await Task.WhenAny(arrived, _closed.Task).WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No '{target}' message within {timeout ?? DefaultWait}. Received: {Describe()}");
            }

            if (_closed.Task.IsCompleted && !arrived.IsCompleted)
            {
                Assert.Fail($"The connection closed ({_closed.Task.Result ?? "no error"}) before a '{target}' message. Received: {Describe()}");
            }
        }
    }

    /// <summary>Stops reading from the socket: the server's writes back up like a client that stopped reading.</summary>
    public void PauseReading()
    {
        lock (_gate)
        {
            _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public string Describe()
    {
        lock (_gate)
        {
            return string.Join(", ", _received.Select(r => r.Target));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        lock (_gate)
        {
            _paused?.TrySetResult();
        }

        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, limit.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        _socket.Abort();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        await SendRawAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), cancellationToken);
        while (true)
        {
            var end = _buffer.WrittenSpan.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                using var reply = JsonDocument.Parse(_buffer.WrittenMemory[..end]);
                Assert.False(reply.RootElement.TryGetProperty("type", out _), "The handshake reply must not have a type.");
                Assert.False(reply.RootElement.TryGetProperty("error", out var error), $"Handshake refused: {error}");
                var rest = _buffer.WrittenSpan[(end + 1)..].ToArray();
                _buffer.Clear();
                _buffer.Write(rest);
                return;
            }

            var result = await _socket.ReceiveAsync(_buffer.GetMemory(8192), cancellationToken);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            _buffer.Advance(result.Count);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        string? closeError = null;
        try
        {
            while (true)
            {
                DrainRecords(ref closeError);
                Task? paused;
                lock (_gate)
                {
                    paused = _paused?.Task;
                }

                if (paused is not null)
                {
                    await paused;
                }

                var result = await _socket.ReceiveAsync(_buffer.GetMemory(8192), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _buffer.Advance(result.Count);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            closeError ??= ex.Message;
        }
        finally
        {
            _closed.TrySetResult(closeError);
            lock (_gate)
            {
                _arrived.TrySetResult();
            }
        }
    }

    private void DrainRecords(ref string? closeError)
    {
        int end;
        while ((end = _buffer.WrittenSpan.IndexOf(RecordSeparator)) >= 0)
        {
            using (var record = JsonDocument.Parse(_buffer.WrittenMemory[..end]))
            {
                Handle(record.RootElement, ref closeError);
            }

            var rest = _buffer.WrittenSpan[(end + 1)..].ToArray();
            _buffer.Clear();
            _buffer.Write(rest);
        }
    }

    private void Handle(JsonElement message, ref string? closeError)
    {
        switch (message.GetProperty("type").GetInt32())
        {
            case 1:
                lock (_gate)
                {
                    _received.Add(new HubInvocation(message.GetProperty("target").GetString()!, message.GetProperty("arguments").Clone()));
                    _arrived.TrySetResult();
                    _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                break;
            case 3:
                TaskCompletionSource<JsonElement>? pending;
                lock (_gate)
                {
                    _pending.Remove(message.GetProperty("invocationId").GetString()!, out pending);
                }

                if (message.TryGetProperty("error", out var error))
                {
                    pending?.TrySetException(new InvalidOperationException($"Hub error: {error.GetString()}"));
                }
                else
                {
                    pending?.TrySetResult(message.TryGetProperty("result", out var result) ? result.Clone() : default);
                }

                break;
            case 7:
                closeError = message.TryGetProperty("error", out var reason) ? reason.GetString() : null;
                break;
            default:
                break; // 6 = ping: liveness only.
        }
    }

    private Task SendRecordAsync(object record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record);
        return SendRawAsync([.. bytes, RecordSeparator], _stop.Token);
    }

    private async Task SendRawAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
