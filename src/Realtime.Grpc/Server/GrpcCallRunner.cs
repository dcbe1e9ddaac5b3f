using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Server;

/// <summary>
/// Serves one HTTP/2 request as a gRPC call: protocol checks, routing, deadline, the handler, then exactly one status.
///
/// Choices where the spec leaves room (reference/grpc-server.md):
/// - invalid grpc-timeout (bad unit, 9+ digits, sign, empty): INTERNAL, as grpc-go does; a zero timeout: DEADLINE_EXCEEDED
///   at once, without running the handler.
/// - request cardinality violations (0 or 2+ messages where one is expected): INTERNAL, as grpc-dotnet and grpc-java do.
/// </summary>
internal sealed class GrpcCallRunner(
    GrpcMethodTable methods, IOptions<GrpcServerOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    private readonly GrpcServerOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger("Realtime.Grpc.Server");
    private readonly LogRateGate _rejectionLog = new(timeProvider, Math.Max(0, options.Value.RejectionLogsPerSecond));

    public GrpcMethodTable Methods => methods;

    public Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            http.Response.Headers.Upgrade = "HTTP/2";
            return RejectHttp(http, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported: gRPC needs HTTP/2.");
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            http.Response.Headers.Allow = "POST";
            return RejectHttp(http, StatusCodes.Status405MethodNotAllowed, $"Request method '{request.Method}' is not supported: gRPC calls are POST.");
        }

        var contentType = request.ContentType;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            return RejectHttp(http, StatusCodes.Status415UnsupportedMediaType,
                contentType is null ? "Content-Type is missing from the request." : $"Content-Type '{contentType}' is not supported.");
        }

        var path = request.Path.Value ?? "";
        if (!methods.TryGet(path, out var method))
        {
            return Reject(http, path, StatusCode.Unimplemented, methods.DescribeMiss(path));
        }

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        string? requestEncoding = null;
        if (encoding.Length != 0 && !encoding.Equals(GrpcProtocol.Identity, StringComparison.OrdinalIgnoreCase))
        {
            if (!encoding.Equals(GrpcProtocol.Gzip, StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
                return Reject(http, path, StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity, gzip");
            }

            requestEncoding = GrpcProtocol.Gzip;
        }

        TimeSpan? timeout = null;
        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader];
        if (timeoutHeader.Count != 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader.ToString(), out var parsed))
            {
                return Reject(http, path, StatusCode.Internal, $"Invalid grpc-timeout header value '{timeoutHeader}'.");
            }

            if (parsed <= TimeSpan.Zero)
            {
                return Reject(http, path, StatusCode.DeadlineExceeded, "Deadline Exceeded");
            }

            timeout = parsed;
        }

        LiftStreamingLimits(http, method);

        return RunAsync(http, method, requestEncoding, timeout);
    }

    private async Task RunAsync(HttpContext http, ServerMethod method, string? requestEncoding, TimeSpan? timeout)
    {
        using var context = new ServerCallContext(http, method.Path, _options, requestEncoding, timeout, timeProvider);
        var handler = InvokeSafelyAsync(method, context);
        if (context.HasDeadline && !handler.IsCompleted)
        {
            var deadline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registration = context.DeadlineToken.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), deadline);
            if (await Task.WhenAny(handler, deadline.Task) != handler && !http.RequestAborted.IsCancellationRequested)
            {
                await FinishDeadlineExceededAsync(http, context);
            }
        }

        var exception = await handler;
        await FinishAsync(http, method, context, exception);
    }

    /// <summary>Ends the call at its deadline without waiting for the handler (it is cancelled and its later writes dropped).</summary>
    private async Task FinishDeadlineExceededAsync(HttpContext http, ServerCallContext context)
    {
        if (!await context.TryFinishAsync(StatusCode.DeadlineExceeded, "Deadline Exceeded"))
        {
            return;
        }

        GrpcServerLog.DeadlineExceeded(_logger, context.Method);
        await http.Response.CompleteAsync();
        if (!context.RequestBodyCompleted)
        {
            // Tell the client to stop sending: the stream is done on our side.
            http.Features.Get<IHttpResetFeature>()?.Reset(0);
        }
    }

    private async Task FinishAsync(HttpContext http, ServerMethod method, ServerCallContext context, Exception? exception)
    {
        if (http.RequestAborted.IsCancellationRequested || exception is ClientResetException || exception is ConnectionAbortedException)
        {
            GrpcServerLog.CallCancelled(_logger, method.Path);
            return;
        }

        if (context.DeadlineExceeded)
        {
            if (await context.TryFinishAsync(StatusCode.DeadlineExceeded, "Deadline Exceeded"))
            {
                GrpcServerLog.DeadlineExceeded(_logger, method.Path);
            }

            return;
        }

        switch (exception)
        {
            case null:
                await context.TryFinishAsync(StatusCode.OK, null);
                break;
            case RpcException rpc:
                foreach (var entry in rpc.Trailers)
                {
                    context.ResponseTrailers.Add(entry);
                }

                GrpcServerLog.CallFailed(_logger, method.Path, rpc.StatusCode, rpc.Detail);
                await context.TryFinishAsync(rpc.StatusCode, rpc.Detail);
                break;
            default:
                GrpcServerLog.HandlerFailed(_logger, method.Path, exception);
                var detail = _options.EnableDetailedErrors
                    ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                    : "Exception was thrown by handler.";
                await context.TryFinishAsync(StatusCode.Unknown, detail);
                break;
        }
    }

    private static async Task<Exception?> InvokeSafelyAsync(ServerMethod method, ServerCallContext context)
    {
        try
        {
            await method.InvokeAsync(context);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private Task Reject(HttpContext http, string path, StatusCode code, string detail)
    {
        if (PassRejectionLog())
        {
            GrpcServerLog.CallRejected(_logger, path, code, detail);
        }

        ResponseStatus.WriteTrailersOnly(http.Response, code, detail);
        return Task.CompletedTask;
    }

    private bool PassRejectionLog()
    {
        if (!_rejectionLog.TryPass(out var heldBack))
        {
            return false;
        }

        if (heldBack > 0)
        {
            GrpcServerLog.RejectionsHeldBack(_logger, heldBack, _options.RejectionLogsPerSecond);
        }

        return true;
    }

    private Task RejectHttp(HttpContext http, int httpStatus, string detail)
    {
        if (PassRejectionLog())
        {
            GrpcServerLog.HttpRejected(_logger, http.Request.Path.Value ?? "", httpStatus, detail);
        }

        ResponseStatus.WriteTrailersOnly(http.Response, StatusCode.Internal, detail);
        http.Response.StatusCode = httpStatus;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Kestrel's per-request limits suit one request and one response, not a stream (T6). A request stream may carry more
    /// than MaxRequestBodySize in total and may go quiet for longer than MinRequestBodyDataRate's grace period; a response
    /// stream (Health/Watch, Segments.Watch) may have nothing to send for hours. Unary calls keep every limit.
    /// On HTTP/2, Kestrel offers no per-request response rate (no IHttpMinResponseDataRateFeature): it applies
    /// KestrelServerLimits.MinResponseDataRate per connection, and only while a write waits for the client to read, so a
    /// quiet stream is never cut by it; a client that stops reading what it is sent is. Where the feature exists, it is
    /// lifted here.
    /// </summary>
    private static void LiftStreamingLimits(HttpContext http, ServerMethod method)
    {
        if (method.StreamsRequests)
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = null;
            }

            if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } requestRate)
            {
                requestRate.MinDataRate = null;
            }
        }

        if (method.StreamsResponses && http.Features.Get<IHttpMinResponseDataRateFeature>() is { } responseRate)
        {
            responseRate.MinDataRate = null;
        }
    }
}
