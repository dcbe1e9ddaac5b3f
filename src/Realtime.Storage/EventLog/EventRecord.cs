namespace Realtime.Storage.EventLog;

/// <summary>
/// One event to append: the client's event id (unique; a second append of it is a duplicate), the actor key it
/// belongs to (the customer id), when it occurred, a type tag, and the event's protobuf bytes (opaque here).
/// </summary>
public readonly record struct EventRecord(string EventId, string ActorKey, DateTimeOffset OccurredAt, string EventType, ReadOnlyMemory<byte> Payload);

/// <summary>
/// What happened to one appended record: stored at <see cref="Position"/>, or a duplicate of the record already
/// stored at <see cref="Position"/>.
/// </summary>
public readonly record struct AppendResult(long Position, bool Duplicate);

/// <summary>A record read back from the log.</summary>
public sealed record LogRecord(long Position, string EventId, string ActorKey, DateTimeOffset OccurredAt, string EventType, byte[] Payload);
