using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Realtime.Grpc.BenchHost;

/// <summary>
/// The baseline without the gRPC layer: echoes each length-prefixed message once it is whole, with one flush per
/// message, as the gRPC path does, so the HTTP/2 traffic is the same. Shared (linked) by the gRPC benchmark host and
/// the allocation test.
/// </summary>
public static class BareKestrelEcho
{
    public static async Task RunAsync(HttpContext http)
    {
        // A long stream, as a gRPC one: Kestrel's body size and rate limits off.
        http.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = null;
        http.Features.GetRequiredFeature<IHttpMinRequestBodyDataRateFeature>().MinDataRate = null;
        http.Response.ContentType = "application/grpc";
        var reader = http.Request.BodyReader;
        var writer = http.Response.BodyWriter;
        while (true)
        {
            var result = await reader.ReadAsync();
            var buffer = result.Buffer;
            while (TryTakeMessage(ref buffer, out var message))
            {
                foreach (var segment in message)
                {
                    writer.Write(segment.Span);
                }

                await writer.FlushAsync();
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        http.Response.AppendTrailer("grpc-status", "0");
    }

    private static bool TryTakeMessage(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        message = default;
        if (buffer.Length < 5)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(prefix);
        var length = 5 + (long)BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        if (buffer.Length < length)
        {
            return false;
        }

        message = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        return true;
    }
}
