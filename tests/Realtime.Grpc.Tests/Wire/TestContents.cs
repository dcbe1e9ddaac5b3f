using System.Net;

namespace Realtime.Grpc.Tests.Wire;

/// <summary>A request body written in chunks, each flushed on its own (so each becomes its own DATA frame).</summary>
public sealed class ChunkedContent(byte[] body, int chunkSize) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(chunkSize, body.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>Sends a prefix, then holds the request open until released: shows what the server does before the body arrives.</summary>
public sealed class HeldOpenContent(byte[] first) : HttpContent
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(first, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        await _release.Task.WaitAsync(cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
