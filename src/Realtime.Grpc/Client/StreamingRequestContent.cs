using System.IO.Pipelines;
using System.Net;

namespace Realtime.Grpc.Client;

/// <summary>
/// The body of a client- or bidi-streaming request: the handler gives us its request stream and keeps it open until
/// the writer completes, so messages go out as they are written (duplex with the response).
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<PipeWriter> _writer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<PipeWriter> WriterAsync => _writer.Task;

    public void Complete() => _complete.TrySetResult();

    /// <summary>The call ended before the request stream did: fail pending and later writes.</summary>
    public void Abort(Exception reason)
    {
        _writer.TrySetException(reason);
        _complete.TrySetException(reason);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // SocketsHttpHandler holds the request HEADERS until the body is flushed: flush now so the server sees the call
        // (and can answer with headers) before the first message is written.
        await stream.FlushAsync(cancellationToken);
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _writer.TrySetResult(writer);
        await using (cancellationToken.Register(static s => ((StreamingRequestContent)s!).Abort(new OperationCanceledException()), this))
        {
            await _complete.Task;
        }

        await writer.CompleteAsync();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
