namespace Realtime.Grpc;

/// <summary>Writes request messages of a client- or bidi-streaming call; <see cref="CompleteAsync"/> half-closes.</summary>
public interface IClientStreamWriter<in T>
{
    /// <summary>Options for the next writes (e.g. <see cref="WriteFlags.NoCompress"/>); null = call defaults.</summary>
    WriteOptions? WriteOptions { get; set; }

    Task WriteAsync(T message, CancellationToken cancellationToken = default);

    /// <summary>Ends the request stream (END_STREAM): the server sees the end of the requests.</summary>
    Task CompleteAsync();
}
