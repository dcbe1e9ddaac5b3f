using Microsoft.Extensions.Logging;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Diagnostics;

/// <summary>The runtime's log messages. EventIds are stable: never renumber or reuse a retired one.</summary>
internal static partial class ActorRuntimeLog
{
    [LoggerMessage(EventId = 1, EventName = "TurnFailed", Level = LogLevel.Warning,
        Message = "Actor {ActorId}: a turn threw; the actor keeps its previous state")]
    public static partial void TurnFailed(ILogger logger, ActorId actorId, Exception error);

    [LoggerMessage(EventId = 2, EventName = "ActivationFailed", Level = LogLevel.Error,
        Message = "Actor {ActorId}: activation failed; its queued messages fail and the next message retries")]
    public static partial void ActivationFailed(ILogger logger, ActorId actorId, Exception error);

    [LoggerMessage(EventId = 3, EventName = "SaveFailed", Level = LogLevel.Error,
        Message = "Actors of type {ActorType}: saving a batch of {Count} states failed; retrying after the save interval")]
    public static partial void SaveFailed(ILogger logger, string actorType, int count, Exception error);

    [LoggerMessage(EventId = 4, EventName = "SaveConflict", Level = LogLevel.Warning,
        Message = "Actor {ActorId}: the store holds a newer version than {Version}; deactivating this stale activation")]
    public static partial void SaveConflict(ILogger logger, ActorId actorId, long version);

    [LoggerMessage(EventId = 5, EventName = "SerializeFailed", Level = LogLevel.Error,
        Message = "Actor {ActorId}: serializing the state failed; it stays active and dirty, and the next save retries it")]
    public static partial void SerializeFailed(ILogger logger, ActorId actorId, Exception error);

    [LoggerMessage(EventId = 6, EventName = "ChangeSinkFailed", Level = LogLevel.Error,
        Message = "Actors of type {ActorType}: a change subscriber threw; its changes of this batch are lost")]
    public static partial void ChangeSinkFailed(ILogger logger, string actorType, Exception error);

    [LoggerMessage(EventId = 7, EventName = "DueScanFailed", Level = LogLevel.Error,
        Message = "Actors of type {ActorType}: reading due times from the store failed; retrying at the next scan")]
    public static partial void DueScanFailed(ILogger logger, string actorType, Exception error);

    [LoggerMessage(EventId = 8, EventName = "Deactivated", Level = LogLevel.Debug,
        Message = "Actor {ActorId}: deactivated ({Reason})")]
    public static partial void Deactivated(ILogger logger, ActorId actorId, DeactivationReason reason);

    [LoggerMessage(EventId = 9, EventName = "Started", Level = LogLevel.Information,
        Message = "Actors of type {ActorType}: runtime started with {Shards} shards; {DueCount} stored wake-ups loaded")]
    public static partial void Started(ILogger logger, string actorType, int shards, int dueCount);

    [LoggerMessage(EventId = 10, EventName = "Stopped", Level = LogLevel.Information,
        Message = "Actors of type {ActorType}: runtime stopped after saving")]
    public static partial void Stopped(ILogger logger, string actorType);

    [LoggerMessage(EventId = 11, EventName = "Killed", Level = LogLevel.Warning,
        Message = "Actors of type {ActorType}: shard killed; unsaved state is dropped and waiting callers fail")]
    public static partial void Killed(ILogger logger, string actorType);

    [LoggerMessage(EventId = 12, EventName = "WorkerError", Level = LogLevel.Critical,
        Message = "Actors of type {ActorType}: unexpected error in a shard worker; the message or command failed and the worker goes on")]
    public static partial void WorkerError(ILogger logger, string actorType, Exception error);

    [LoggerMessage(EventId = 13, EventName = "ObserverFailed", Level = LogLevel.Warning,
        Message = "Actors of type {ActorType}: a runtime observer threw")]
    public static partial void ObserverFailed(ILogger logger, string actorType, Exception error);

    [LoggerMessage(EventId = 14, EventName = "Erased", Level = LogLevel.Information,
        Message = "Actor {ActorId}: erased (activation dropped, stored state deleted)")]
    public static partial void Erased(ILogger logger, ActorId actorId);
}
