using Microsoft.Extensions.Logging;

namespace Realtime.Grpc.Server;

/// <summary>The server's log events. EventIds are stable: never reuse a retired one.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 1, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "gRPC call {Method} failed with an unhandled exception; the client gets UNKNOWN.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "CallRejected", Level = LogLevel.Information,
        Message = "gRPC call {Path} rejected with {StatusCode}: {Reason}")]
    public static partial void CallRejected(ILogger logger, string path, StatusCode statusCode, string reason);

    [LoggerMessage(EventId = 3, EventName = "DeadlineExceeded", Level = LogLevel.Debug,
        Message = "gRPC call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 4, EventName = "CallCancelled", Level = LogLevel.Debug,
        Message = "gRPC call {Method} was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 5, EventName = "HttpRejected", Level = LogLevel.Information,
        Message = "Request {Path} rejected with HTTP {HttpStatus}: {Reason}")]
    public static partial void HttpRejected(ILogger logger, string path, int httpStatus, string reason);

    [LoggerMessage(EventId = 7, EventName = "RejectionsHeldBack", Level = LogLevel.Warning,
        Message = "{Count} more rejected requests were not logged (at most {PerSecond} a second are: GrpcServerOptions.RejectionLogsPerSecond).")]
    public static partial void RejectionsHeldBack(ILogger logger, long count, int perSecond);

    [LoggerMessage(EventId = 6, EventName = "CallFailed", Level = LogLevel.Debug,
        Message = "gRPC call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);
}
