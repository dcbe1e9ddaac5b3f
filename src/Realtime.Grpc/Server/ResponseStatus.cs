using System.Globalization;
using Microsoft.AspNetCore.Http;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Server;

/// <summary>Writes a call's status: in trailers after a response, or as Trailers-Only (one HEADERS frame with END_STREAM).</summary>
internal static class ResponseStatus
{
    private static readonly string[] StatusStrings = Enumerable.Range(0, 17).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    public static void WriteTrailersOnly(HttpResponse response, StatusCode code, string? detail, Metadata? trailers = null)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        var headers = response.Headers;
        headers[GrpcProtocol.StatusHeader] = Format(code);
        if (!string.IsNullOrEmpty(detail))
        {
            headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(detail);
        }

        if (trailers is not null)
        {
            MetadataHeaders.Append(headers, trailers);
        }
    }

    public static void AppendTrailers(HttpResponse response, StatusCode code, string? detail, Metadata? trailers)
    {
        response.AppendTrailer(GrpcProtocol.StatusHeader, Format(code));
        if (!string.IsNullOrEmpty(detail))
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, PercentEncoding.Encode(detail));
        }

        if (trailers is not null)
        {
            foreach (var entry in trailers)
            {
                response.AppendTrailer(entry.Key, entry.IsBinary ? BinaryHeader.Encode(entry.ValueBytes) : entry.Value);
            }
        }
    }

    private static string Format(StatusCode code) =>
        (uint)code < StatusStrings.Length ? StatusStrings[(int)code] : ((int)code).ToString(CultureInfo.InvariantCulture);
}
