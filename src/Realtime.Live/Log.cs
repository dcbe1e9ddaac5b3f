using Microsoft.Extensions.Logging;

namespace Realtime.Live;

/// <summary>The live push's log messages. Event ids 7001-7099 belong to Realtime.Live; never reuse a retired one.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, EventName = "DashboardClientResnapshotted", Level = LogLevel.Debug, Message = "Dashboard client {ConnectionId} fell behind: its backlog was replaced by a fresh snapshot ({Overflows} in a row)")]
    public static partial void DashboardClientResnapshotted(ILogger logger, string connectionId, int overflows);

    [LoggerMessage(EventId = 7002, EventName = "ClientDropped", Level = LogLevel.Warning, Message = "{Hub} client {ConnectionId} fell behind ({Queued} messages waiting) and was dropped")]
    public static partial void ClientDropped(ILogger logger, string hub, string connectionId, int queued);

    [LoggerMessage(EventId = 7003, EventName = "PushFailed", Level = LogLevel.Error, Message = "The {Hub} push failed; it goes on at the next interval")]
    public static partial void PushFailed(ILogger logger, string hub, Exception exception);

    [LoggerMessage(EventId = 7004, EventName = "PressureChangesDropped", Level = LogLevel.Warning, Message = "{Count} pressure changes were dropped: the pressure feed was full (Realtime:Live:PressureFeedCapacity)")]
    public static partial void PressureChangesDropped(ILogger logger, long count);

    [LoggerMessage(EventId = 7005, EventName = "SegmentSubscriptionOverflowed", Level = LogLevel.Warning, Message = "A segment watcher fell behind by more than {Capacity} updates and was dropped")]
    public static partial void SegmentSubscriptionOverflowed(ILogger logger, int capacity);

    [LoggerMessage(EventId = 7006, EventName = "ClientWriteEnded", Level = LogLevel.Debug, Message = "Writing to {Hub} client {ConnectionId} ended")]
    public static partial void ClientWriteEnded(ILogger logger, string hub, string connectionId, Exception exception);

    [LoggerMessage(EventId = 7007, EventName = "CustomerViewFailed", Level = LogLevel.Warning, Message = "Reading the view of watched customer {CustomerId} failed; it is retried at the next change")]
    public static partial void CustomerViewFailed(ILogger logger, string customerId, Exception exception);
}
