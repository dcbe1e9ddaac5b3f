using System.IO.Compression;
using Google.Protobuf;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Client;

/// <summary>Writes request messages straight into the HTTP/2 request stream, one flush per message.</summary>
internal sealed class ClientStreamWriter<TRequest, TResponse>(ClientCall<TRequest, TResponse> call, StreamingRequestContent content)
    : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _completed;

    public WriteOptions? WriteOptions { get; set; }

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException("The request stream is already complete.");
            }

            await WriteCoreAsync(message, cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task WriteCoreAsync(TRequest message, CancellationToken cancellationToken)
    {
        try
        {
            var writer = await content.WriterAsync.WaitAsync(call.CancellationToken);
            CompressionLevel? compression = call.Compresses && WriteOptions?.Flags.HasFlag(WriteFlags.NoCompress) != true
                ? CompressionLevel.Fastest
                : null;
            MessageWriter.Write(writer, message, compression, call.MaxSendMessageSize);
            var flush = await writer.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken);
            if (flush.IsCompleted)
            {
                throw new IOException("The request stream was closed by the server.");
            }
        }
        catch (Exception exception)
        {
            // Transport errors (including ObjectDisposedException once the stream is gone) become the call's status.
            throw await call.RequestFailedAsync(exception);
        }
    }

    public async Task CompleteAsync()
    {
        await _lock.WaitAsync();
        try
        {
            _completed = true;
            content.Complete();
        }
        finally
        {
            _lock.Release();
        }
    }
}
