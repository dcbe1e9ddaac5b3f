using Realtime.Grpc.Tests.Hosting;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Grpc.Tests.External;

/// <summary>
/// npm's @grpc/grpc-js (pure JavaScript over Node's http2) against the server: every case in
/// tests/interop/node/interop-client.js. Its packages come from the committed lockfile (npm ci in tests/interop/node).
/// </summary>
public sealed class NodeInteropTests(GrpcTestServer server, ITestOutputHelper output) : IClassFixture<GrpcTestServer>
{
    [Fact]
    public async Task GrpcJsClient_PassesEveryInteropCase()
    {
        var (node, folder) = RequiredTool.NodeProject("tests/interop/node", "@grpc/grpc-js");

        var keyPrefix = $"node-{Guid.NewGuid():N}";
        var result = await ExternalProcess.RunAsync(node,
        [
            Path.Combine(folder, "interop-client.js"),
            "--port", server.GrpcPort.ToString(),
            "--protos", Path.Combine(RequiredTool.RepoRoot, "tests", "Realtime.Grpc.Tests", "Protos"),
            "--health-protos", Path.Combine(RequiredTool.RepoRoot, "protos"),
            "--key-prefix", keyPrefix,
        ], TimeSpan.FromSeconds(90), folder);

        output.WriteLine(result.StandardOutput);
        output.WriteLine(result.StandardError);
        foreach (var entry in server.Logs.Entries.Where(e => e.Exception is not null))
        {
            output.WriteLine($"server: {entry.Message} {entry.Exception}");
        }
        Assert.True(result.ExitCode == 0, result.Describe("node interop-client.js"));
        InteropAssertions.AssertPassed(result.StandardOutput);
        InteropAssertions.AssertEachFailureLoggedOnce(server);
        Assert.Equal("cancelled", await server.Observer.WhenEnded($"{keyPrefix}-cancel"));
        Assert.Contains(await server.Observer.WhenEnded($"{keyPrefix}-deadline"), new[] { "deadline", "cancelled" });
    }
}
