using System.Net;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.Grpc.Hosting;

namespace Realtime.Grpc.BenchHost;

/// <summary>
/// Two loopback endpoints in one process: gRPC over Realtime.Grpc, and a bare Kestrel HTTP/2 endpoint answering with the
/// same bytes without the gRPC layer — the cost of HTTP/2 alone. The bare endpoint echoes the framed messages of a
/// <c>Bench/Echo</c> stream back one by one (a flush per message, as the gRPC writer does) and answers any other request
/// with the exact bytes of a Health/Check reply (headers, one framed message, grpc-status trailer).
/// </summary>
internal static class BenchServer
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        ListenOptions? grpcListen = null;
        ListenOptions? bareListen = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.ListenGrpc(IPAddress.Loopback, options.Int("grpc-port", 0), listen => grpcListen = listen);
            kestrel.Listen(IPAddress.Loopback, options.Int("bare-port", 0), listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                bareListen = listen;
            });
        });
        builder.Services.AddRealtimeGrpc().AddService(BenchReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Bench"), static (service, _) => service
            .MapUnary<Chunk, Chunk>("Unary", static (request, _) => ValueTask.FromResult(request))
            .MapDuplexStreaming<Chunk, Chunk>("Echo", static async (requests, responses, context) =>
            {
                while (await requests.MoveNext(context.CancellationToken))
                {
                    await responses.WriteAsync(requests.Current, context.CancellationToken);
                }
            }));

        await using var app = builder.Build();
        app.UseRealtimeGrpc();
        var reply = FramedReply();
        app.Run(async http =>
        {
            if (http.Request.Path.Value?.EndsWith("/Echo", StringComparison.Ordinal) == true)
            {
                await BareKestrelEcho.RunAsync(http);
                return;
            }

            // Read the request like the gRPC path does, then answer with the same bytes.
            var reader = http.Request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync();
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            http.Response.ContentType = "application/grpc";
            await http.Response.BodyWriter.WriteAsync(reply);
            http.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        Console.WriteLine($"listening grpc={((IPEndPoint)grpcListen!.EndPoint).Port} bare={((IPEndPoint)bareListen!.EndPoint).Port}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static byte[] FramedReply()
    {
        var message = new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving }.ToByteArray();
        var framed = new byte[5 + message.Length];
        framed[4] = (byte)message.Length;
        message.CopyTo(framed, 5);
        return framed;
    }
}
