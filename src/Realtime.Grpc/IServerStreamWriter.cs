namespace Realtime.Grpc;

/// <summary>Writes response messages of a streaming call; each write is flushed so the client sees it at once.</summary>
public interface IServerStreamWriter<in T>
{
    /// <summary>Options for the next writes (e.g. <see cref="WriteFlags.NoCompress"/>); null = call defaults.</summary>
    WriteOptions? WriteOptions { get; set; }

    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
