namespace Realtime.Grpc;

/// <summary>
/// Writes response messages of a streaming call; each write is flushed so the client sees it at once. Writes return a
/// <see cref="ValueTask"/> (no allocation per message): await each once, and write one message at a time.
/// </summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>Options for the next writes (e.g. <see cref="WriteFlags.NoCompress"/>); null = call defaults.</summary>
    WriteOptions? WriteOptions { get; set; }

    ValueTask WriteAsync(T message, CancellationToken cancellationToken = default);
}
