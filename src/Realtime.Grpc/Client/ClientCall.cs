using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Client;

/// <summary>
/// One client call over HTTP/2: sends the request headers and body, reads response messages, and turns the status
/// (trailers, Trailers-Only, or an HTTP/transport failure) into an <see cref="RpcException"/> when it is not OK.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IClientCall<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly Metadata EmptyMetadata = new();

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource? _timeoutSource;
    private readonly CancellationTokenSource _callSource;
    private Task<HttpResponseMessage>? _response;
    private PipeReader? _body;
    private string? _responseEncoding;
    private StatusCode? _status;
    private string _detail = "";
    private Metadata? _trailers;
    private bool _disposed;

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        if (options.RequestCompression is { } algorithm)
        {
            if (!algorithm.Equals(GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"Request compression '{algorithm}' is not supported; use gzip.", nameof(options));
            }

            RequestCompression = options.WriteOptions?.Flags.HasFlag(WriteFlags.NoCompress) == true ? null : CompressionLevel.Fastest;
        }

        if (options.Timeout is { } timeout)
        {
            _timeoutSource = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, channel.Options.TimeProvider);
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, _timeoutSource.Token);
        }
        else
        {
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        }
    }

    /// <summary>Compression of the request messages (null = none); a streaming writer can still send some uncompressed.</summary>
    public CompressionLevel? RequestCompression { get; }

    public bool Compresses => _options.RequestCompression is not null;

    public int? MaxSendMessageSize => _channel.Options.MaxSendMessageSize;

    public CancellationToken CancellationToken => _callSource.Token;

    public void Start(HttpContent content)
    {
        content.Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.UriFor(_method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (_options.RequestCompression is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, GrpcProtocol.Gzip);
        }

        if (_options.Timeout is { } timeout)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                headers.TryAddWithoutValidation(entry.Key, entry.IsBinary ? BinaryHeader.Encode(entry.ValueBytes) : entry.Value);
            }
        }

        _response = SendAsync(request);
    }

    public async Task<Metadata> GetResponseHeadersAsync()
    {
        var response = await _response!;
        var metadata = new Metadata();
        foreach (var (name, values) in response.Headers)
        {
            if (!GrpcProtocol.IsProtocolHeader(name))
            {
                MetadataHeaders.AddHeader(metadata, name, new Microsoft.Extensions.Primitives.StringValues(values.ToArray()));
            }
        }

        return metadata;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResponse?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var response = await _response!;
        if (_status is not null)
        {
            return ThrowIfNotOk();
        }

        try
        {
            _body ??= PipeReader.Create(await response.Content.ReadAsStreamAsync(_callSource.Token));
            var token = _callSource.Token;
            using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, token) : null;
            var (message, _) = await MessageReader.ReadAsync(_body, _method.ResponseParser, _responseEncoding,
                _channel.Options.MaxReceiveMessageSize, linked?.Token ?? token);
            if (message is not null)
            {
                return message;
            }
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Fail(exception);
        }
        catch (RpcException exception)
        {
            SetStatus(exception.StatusCode, exception.Detail, null);
            ResetStream();
            throw;
        }

        ReadStatus(response.TrailingHeaders, out var code, out var detail);
        SetStatus(code, detail, response.TrailingHeaders);
        return ThrowIfNotOk();
    }

    public async Task<TResponse> ReadSingleResponseAsync()
    {
        var message = await ReadMessageAsync(CancellationToken.None);
        if (message is null)
        {
            SetStatus(StatusCode.Internal, "The server ended the call OK without a response message.", null);
            return ThrowIfNotOk() ?? throw new InvalidOperationException();
        }

        if (await ReadMessageAsync(CancellationToken.None) is not null)
        {
            SetStatus(StatusCode.Internal, "The server sent more than one response message for a single-response method.", null);
            ResetStream();
            ThrowIfNotOk();
        }

        return message;
    }

    public StatusCode GetStatus(out string detail)
    {
        detail = _detail;
        return _status ?? throw new InvalidOperationException("The call has not finished: read the responses to the end first.");
    }

    public Metadata GetTrailers() => _status is null
        ? throw new InvalidOperationException("The call has not finished: read the responses to the end first.")
        : _trailers ?? EmptyMetadata;

    /// <summary>
    /// An exception from writing the request, turned into the call's status when the server has already given one
    /// (e.g. Trailers-Only UNIMPLEMENTED). It never reads the response itself: in a bidi call the caller may be reading.
    /// </summary>
    public async Task<Exception> RequestFailedAsync(Exception exception)
    {
        if (_response is { } response)
        {
            try
            {
                await response.WaitAsync(TimeSpan.FromSeconds(1), _channel.Options.TimeProvider);
            }
            catch (Exception)
            {
                // The response failed too, or has not come: the write failure below is what there is to report.
            }
        }

        if (_status is { } status && status != StatusCode.OK)
        {
            return new RpcException(status, _detail, _trailers);
        }

        return exception is RpcException ? exception : Fail(exception);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_status is null)
        {
            // Still running: cancelling resets the HTTP/2 stream (RST_STREAM CANCEL).
            _callSource.Cancel();
        }

        if (_response is { IsCompletedSuccessfully: true })
        {
            _response.Result.Dispose();
        }

        _callSource.Dispose();
        _timeoutSource?.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(request, _callSource.Token);
        }
        catch (Exception exception)
        {
            throw Fail(exception);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            // Protocol rejections (415, 426, ...) may still carry grpc-status; otherwise map the HTTP status.
            if (!TryReadStatus(response.Headers, out var code, out var detail))
            {
                code = HttpStatusMapping.ToStatusCode(response.StatusCode);
                detail = $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}";
            }

            SetStatus(code, detail, null);
            return response;
        }

        if (TryReadStatus(response.Headers, out var trailersOnlyCode, out var trailersOnlyDetail))
        {
            var trailers = new Metadata();
            foreach (var (name, values) in response.Headers)
            {
                if (!GrpcProtocol.IsProtocolHeader(name))
                {
                    MetadataHeaders.AddHeader(trailers, name, new Microsoft.Extensions.Primitives.StringValues(values.ToArray()));
                }
            }

            SetStatus(trailersOnlyCode, trailersOnlyDetail, null);
            _trailers = trailers;
            return response;
        }

        if (response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings))
        {
            var encoding = encodings.FirstOrDefault();
            if (encoding is not null && !encoding.Equals(GrpcProtocol.Identity, StringComparison.OrdinalIgnoreCase))
            {
                if (!encoding.Equals(GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase))
                {
                    SetStatus(StatusCode.Internal, $"The server compressed the response with '{encoding}', which this client does not support.", null);
                    return response;
                }

                _responseEncoding = GrpcProtocol.Gzip;
            }
        }

        return response;
    }

    private TResponse? ThrowIfNotOk()
    {
        if (_status is { } status && status != StatusCode.OK)
        {
            throw new RpcException(status, _detail, _trailers);
        }

        return null;
    }

    private void SetStatus(StatusCode code, string detail, HttpResponseHeaders? trailers)
    {
        if (_status is not null)
        {
            return;
        }

        _status = code;
        _detail = detail;
        if (trailers is not null)
        {
            var metadata = new Metadata();
            foreach (var (name, values) in trailers)
            {
                if (!GrpcProtocol.IsProtocolHeader(name))
                {
                    MetadataHeaders.AddHeader(metadata, name, new Microsoft.Extensions.Primitives.StringValues(values.ToArray()));
                }
            }

            _trailers = metadata;
        }
    }

    private static void ReadStatus(HttpResponseHeaders trailers, out StatusCode code, out string detail)
    {
        if (!TryReadStatus(trailers, out code, out detail))
        {
            // The client-side mapping of a 200 response lacking grpc-status (http-grpc-status-mapping.md): UNKNOWN.
            code = StatusCode.Unknown;
            detail = "The response ended without a grpc-status trailer.";
        }
    }

    private static bool TryReadStatus(HttpResponseHeaders headers, out StatusCode code, out string detail)
    {
        code = StatusCode.Unknown;
        detail = "";
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statuses))
        {
            return false;
        }

        code = int.TryParse(statuses.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? (StatusCode)value
            : StatusCode.Unknown;
        if (headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages))
        {
            detail = PercentEncoding.Decode(messages.FirstOrDefault() ?? "");
        }

        return true;
    }

    private RpcException Fail(Exception exception)
    {
        var rpc = exception switch
        {
            RpcException already => already,
            _ when _timeoutSource?.IsCancellationRequested == true => new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded"),
            _ when _options.CancellationToken.IsCancellationRequested || _disposed => new RpcException(StatusCode.Cancelled, "Call cancelled by the client."),
            OperationCanceledException => new RpcException(StatusCode.Cancelled, "Call cancelled."),
            _ => FromTransport(exception),
        };
        SetStatus(rpc.StatusCode, rpc.Detail, null);
        ResetStream();
        return rpc;
    }

    private static RpcException FromTransport(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException protocol)
            {
                return protocol.ErrorCode switch
                {
                    0x8 => new RpcException(StatusCode.Cancelled, "The server cancelled the stream (RST_STREAM CANCEL)."),
                    0x7 => new RpcException(StatusCode.Unavailable, "The server refused the stream (REFUSED_STREAM); safe to retry."),
                    _ => new RpcException(StatusCode.Internal, $"HTTP/2 stream error 0x{protocol.ErrorCode:X}: {protocol.Message}"),
                };
            }
        }

        return new RpcException(StatusCode.Unavailable, $"Error talking to the server: {exception.Message}");
    }

    private void ResetStream()
    {
        if (!_callSource.IsCancellationRequested)
        {
            _callSource.Cancel();
        }
    }
}
