using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using Google.Protobuf;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Client;

/// <summary>The body of a unary or server-streaming request: one length-prefixed message, then END_STREAM.</summary>
internal sealed class SingleMessageContent<T>(T message, CompressionLevel? compression, int? maxSize) : HttpContent
    where T : IMessage<T>
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        MessageWriter.Write(writer, message, compression, maxSize);
        await writer.FlushAsync(cancellationToken);
        await writer.CompleteAsync();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
