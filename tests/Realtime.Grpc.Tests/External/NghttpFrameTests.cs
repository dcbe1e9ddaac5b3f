using System.Text.RegularExpressions;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;
using Realtime.Grpc.Tests.Wire;
using Realtime.Testing;

namespace Realtime.Grpc.Tests.External;

/// <summary>What goes over the wire, frame by frame, as nghttp (Debian nghttp2-client) prints it.</summary>
[Collection(GrpcServerCollection.Name)]
public sealed partial class NghttpFrameTests(GrpcTestServer server)
{
    private static string Nghttp => RequiredTool.Find("nghttp", "Install it with: apt-get install -y nghttp2-client", "/usr/bin/nghttp", "nghttp");

    [Fact]
    public async Task CleartextPriorKnowledge_ServerSendsSettings()
    {
        var output = await RunAsync("/grpc.health.v1.Health/Check", RawGrpc.Frame(new global::Grpc.Health.V1.HealthCheckRequest()));

        Assert.Contains("recv SETTINGS frame", output, StringComparison.Ordinal);
        Assert.Contains("grpc-status: 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMethod_TrailersOnly_OneHeadersFrameWithEndStream_NoData()
    {
        var output = await RunAsync("/realtime.testing.v1.TestService/Nope", RawGrpc.Frame(new Empty()));

        var headers = RecvFrames(output, "HEADERS");
        Assert.Single(headers);
        Assert.Equal("0x05", headers[0].Flags);
        Assert.Empty(RecvFrames(output, "DATA"));
        Assert.Contains("grpc-status: 12", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NormalResponse_HeadersDataThenTrailers()
    {
        var output = await RunAsync("/realtime.testing.v1.TestService/EmptyCall", RawGrpc.Frame(new Empty()));

        var headers = RecvFrames(output, "HEADERS");
        Assert.Equal(2, headers.Count);
        Assert.Equal("0x04", headers[0].Flags);
        Assert.Equal("0x05", headers[1].Flags);
        Assert.Single(RecvFrames(output, "DATA"));
    }

    [Fact]
    public async Task EarlyClose_ServerAnswersBeforeTheBodyEnds_ThenResetsWithNoError()
    {
        // 2 MiB body: far more than the server reads before answering UNIMPLEMENTED.
        var output = await RunAsync("/realtime.testing.v1.FaultService/NotYet", new byte[2 * 1024 * 1024]);

        var headers = RecvFrames(output, "HEADERS");
        Assert.Single(headers);
        Assert.Equal("0x05", headers[0].Flags);
        Assert.Contains("grpc-status: 12", output, StringComparison.Ordinal);
        Assert.Matches(@"recv RST_STREAM frame <length=4, flags=0x00, stream_id=13>\s+\(error_code=NO_ERROR\(0x00\)\)", output);
    }

    [Fact]
    public async Task Deadline_TrailersOnlyDeadlineExceeded()
    {
        var output = await RunAsync("/realtime.testing.v1.TestService/WaitForCancellation",
            RawGrpc.Frame(new WaitRequest { Key = $"nghttp-{Guid.NewGuid():N}" }), "grpc-timeout: 50m");

        var headers = RecvFrames(output, "HEADERS");
        Assert.Single(headers);
        Assert.Equal("0x05", headers[0].Flags);
        Assert.Contains("grpc-status: 4", output, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync(string path, byte[] body, params string[] headers)
    {
        var file = Path.Combine(Path.GetTempPath(), $"nghttp-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(file, body);
        try
        {
            var arguments = new List<string> { "-v", "-n", "-d", file, "-H", ":method: POST", "-H", "content-type: application/grpc", "-H", "te: trailers" };
            foreach (var header in headers)
            {
                arguments.Add("-H");
                arguments.Add(header);
            }

            arguments.Add($"http://127.0.0.1:{server.GrpcPort}{path}");
            var result = await ExternalProcess.RunAsync(Nghttp, arguments, TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, result.Describe("nghttp"));
            return result.StandardOutput;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<(string Flags, string Line)> RecvFrames(string output, string type) =>
        FrameLine().Matches(output)
            .Where(m => m.Groups["type"].Value == type && m.Groups["stream"].Value == "13")
            .Select(m => (m.Groups["flags"].Value, m.Value))
            .ToList();

    [GeneratedRegex(@"recv (?<type>[A-Z_]+) frame <length=\d+, flags=(?<flags>0x[0-9a-f]+), stream_id=(?<stream>\d+)>")]
    private static partial Regex FrameLine();
}
