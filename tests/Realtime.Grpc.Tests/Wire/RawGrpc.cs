using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Realtime.Grpc.Tests.Wire;

/// <summary>Hand-made gRPC requests over plain HttpClient HTTP/2, for what a well-behaved client would never send.</summary>
public static class RawGrpc
{
    public static byte[] Frame(IMessage message, byte flag = 0) => Frame(message.ToByteArray(), flag);

    public static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static HttpRequestMessage Request(string path, byte[] body, string? contentType = "application/grpc", params (string Name, string Value)[] headers) =>
        Request(path, new ByteArrayContent(body), contentType, headers);

    public static HttpRequestMessage Request(string path, HttpContent content, string? contentType = "application/grpc", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static async Task<RawResponse> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // Read before the body is buffered: afterwards HttpClient reports the buffered length instead.
        var contentLength = response.Content.Headers.NonValidated.Contains("Content-Length") ? response.Content.Headers.ContentLength : null;
        var body = await response.Content.ReadAsByteArrayAsync();
        return new RawResponse(response.StatusCode, response.Headers, response.Content.Headers, contentLength,
            response.TrailingHeaders, body);
    }
}

public sealed record RawResponse(
    HttpStatusCode HttpStatus, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, long? ContentLengthHeader,
    HttpResponseHeaders Trailers, byte[] Body)
{
    /// <summary>Trailers-Only: the status came in the headers, with no body and no trailers.</summary>
    public bool IsTrailersOnly => Headers.Contains("grpc-status") && Body.Length == 0 && !Trailers.Contains("grpc-status");

    public int? GrpcStatus => int.TryParse(Value("grpc-status"), out var status) ? status : null;

    public string? GrpcMessage => Value("grpc-message");

    /// <summary>A header or trailer value (headers first, as Trailers-Only puts everything there).</summary>
    public string? Value(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : Trailers.TryGetValues(name, out values) ? string.Join(",", values)
        : null;
}
