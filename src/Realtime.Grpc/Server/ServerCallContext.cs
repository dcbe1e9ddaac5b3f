using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Server;

/// <summary>
/// One server call as its handler sees it: request metadata, response headers and trailers, deadline, cancellation,
/// peer and response compression. It also owns the call's response writes, so that a deadline and the handler never
/// write at the same time.
/// </summary>
public sealed class ServerCallContext : IDisposable
{
    private readonly HttpContext _http;
    private readonly GrpcServerOptions _options;
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenSource? _callSource;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private CompressionLevel? _responseCompression;
    private bool _headersSent;
    private bool _finished;

    internal ServerCallContext(HttpContext http, string method, GrpcServerOptions options, string? requestEncoding,
        TimeSpan? timeout, TimeProvider timeProvider)
    {
        _http = http;
        _options = options;
        Method = method;
        RequestEncoding = requestEncoding;
        ResponseCompression = options.ResponseCompressionAlgorithm;
        if (timeout is { } after)
        {
            Deadline = timeProvider.GetUtcNow().UtcDateTime + after;
            // CancellationTokenSource timers top out near 49 days; a longer deadline never fires in practice.
            _deadlineSource = after < TimeSpan.FromDays(30) ? new CancellationTokenSource(after, timeProvider) : new CancellationTokenSource();
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _deadlineSource.Token);
        }
        else
        {
            // No deadline: the request's own abort token is the call's token (no linked source to allocate).
            Deadline = DateTime.MaxValue;
        }
    }

    /// <summary>The full method path, e.g. <c>/grpc.health.v1.Health/Check</c>.</summary>
    public string Method { get; }

    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:50312</c>.</summary>
    public string Peer => FormatPeer(_http.Connection.RemoteIpAddress, _http.Connection.RemotePort);

    /// <summary>When the call expires (UTC); <see cref="DateTime.MaxValue"/> when the client set no deadline.</summary>
    public DateTime Deadline { get; }

    /// <summary>Fires when the client cancels (RST_STREAM, connection lost) or the deadline passes.</summary>
    public CancellationToken CancellationToken => _callSource?.Token ?? _http.RequestAborted;

    /// <summary>Application metadata the client sent (binary values decoded; protocol headers left out).</summary>
    public Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.FromRequest(_http.Request.Headers);

    /// <summary>Metadata sent with the status at the end of the call.</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    /// <summary>Options for messages written after this is set; <see cref="WriteFlags.NoCompress"/> sends them uncompressed.</summary>
    public WriteOptions? WriteOptions { get; set; }

    /// <summary>
    /// Response compression ("gzip" or null). Used only when the client listed it in grpc-accept-encoding, and only if set
    /// before the response headers go out.
    /// </summary>
    public string? ResponseCompression { get; set; }

    /// <summary>Whether the request message read last arrived compressed (its flag was 1).</summary>
    public bool RequestMessageCompressed { get; internal set; }

    internal string? RequestEncoding { get; }

    internal bool DeadlineExceeded => _deadlineSource?.IsCancellationRequested == true && !_http.RequestAborted.IsCancellationRequested;

    internal CancellationToken DeadlineToken => _deadlineSource?.Token ?? CancellationToken.None;

    internal bool HasDeadline => _deadlineSource is not null;

    internal int? MaxReceiveMessageSize => _options.MaxReceiveMessageSize;

    internal PipeReader RequestBody => _http.Request.BodyReader;

    internal bool ResponseStarted => _headersSent;

    internal int MessagesWritten { get; private set; }

    internal bool RequestBodyCompleted { get; set; }

    /// <summary>The underlying ASP.NET Core request, for what this type does not expose.</summary>
    public HttpContext GetHttpContext() => _http;

    /// <summary>Sends the response headers (initial metadata) now. Allowed once, before the first message.</summary>
    public async Task WriteResponseHeadersAsync(Metadata headers)
    {
        await _writeLock.WaitAsync(CancellationToken);
        try
        {
            if (_headersSent || _finished)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before the first message.");
            }

            SendHeaders(headers);
            await _http.Response.StartAsync(CancellationToken);
            await _http.Response.BodyWriter.FlushAsync(CancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Writes one message (and flushes it when asked). A pooled state machine: a flush that has to wait for the client
    /// (HTTP/2 flow control, a full socket) allocates nothing either.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask WriteMessageAsync<T>(T message, WriteOptions? options, bool flush, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        await _writeLock.WaitAsync(CancellationToken);
        try
        {
            if (_finished)
            {
                ThrowHelper.ThrowRpc(StatusCode.Cancelled, "The call has already completed; the message was not sent.");
            }

            if (!_headersSent)
            {
                SendHeaders(null);
            }

            var compression = (options ?? WriteOptions)?.Flags.HasFlag(WriteFlags.NoCompress) == true ? null : _responseCompression;
            MessageWriter.Write(_http.Response.BodyWriter, message, compression, _options.MaxSendMessageSize);
            MessagesWritten++;
            if (flush)
            {
                await _http.Response.BodyWriter.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : CancellationToken);
            }
        }
        catch (IOException exception)
        {
            throw new ClientResetException(exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Ends the call with a status, once: Trailers-Only when nothing was sent yet, else trailers. Returns false when the
    /// call had already been finished (a deadline raced the handler).
    /// </summary>
    internal async ValueTask<bool> TryFinishAsync(StatusCode code, string? detail)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_finished)
            {
                return false;
            }

            _finished = true;
            if (_http.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            if (!_headersSent)
            {
                ResponseStatus.WriteTrailersOnly(_http.Response, code, detail, _responseTrailers);
            }
            else
            {
                ResponseStatus.AppendTrailers(_http.Response, code, detail, _responseTrailers);
            }

            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _callSource?.Dispose();
        _deadlineSource?.Dispose();
        _writeLock.Dispose();
    }

    private void SendHeaders(Metadata? metadata)
    {
        var response = _http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        var headers = response.Headers;
        headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
        if (ResponseCompression is not null
            && string.Equals(ResponseCompression, GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase)
            && ClientAccepts(GrpcProtocol.Gzip))
        {
            _responseCompression = _options.ResponseCompressionLevel;
            headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.Gzip;
        }

        if (metadata is not null)
        {
            MetadataHeaders.Append(headers, metadata);
        }

        // gRPC frames its own messages: no Content-Length, and no HTTP-level compression middleware on top.
        _http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        _headersSent = true;
    }

    private bool ClientAccepts(string encoding)
    {
        foreach (var value in _http.Request.Headers[GrpcProtocol.AcceptEncodingHeader])
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Equals(encoding, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
