using Realtime.Grpc.Tests.Hosting;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Grpc.Tests.External;

/// <summary>
/// Debian's python3-grpcio (grpc core in C) against the server: every case in tests/interop/python/interop_client.py.
/// </summary>
public sealed class PythonInteropTests(GrpcTestServer server, ITestOutputHelper output) : IClassFixture<GrpcTestServer>
{
    [Fact]
    public async Task GrpcioClient_PassesEveryInteropCase()
    {
        var python = RequiredTool.Find("python3 with grpcio", "Install it with: apt-get install -y python3-grpcio python3-protobuf", "/usr/bin/python3");
        var script = Path.Combine(RequiredTool.RepoRoot, "tests", "interop", "python", "interop_client.py");
        var descriptors = DescriptorFiles.WriteDescriptorSet();
        var keyPrefix = $"python-{Guid.NewGuid():N}";
        try
        {
            var result = await ExternalProcess.RunAsync(python, [script, "--port", server.GrpcPort.ToString(), "--descriptors", descriptors, "--key-prefix", keyPrefix],
                TimeSpan.FromSeconds(90));

            output.WriteLine(result.StandardOutput);
            Assert.True(result.ExitCode == 0, result.Describe("python3 interop_client.py"));
            InteropAssertions.AssertPassed(result.StandardOutput);
            InteropAssertions.AssertEachFailureLoggedOnce(server);
        }
        finally
        {
            File.Delete(descriptors);
        }

        // The server saw the client's cancel and the deadline as cancellation of the handlers.
        Assert.Equal("cancelled", await server.Observer.WhenEnded($"{keyPrefix}-cancel"));
        Assert.Contains(await server.Observer.WhenEnded($"{keyPrefix}-deadline"), new[] { "deadline", "cancelled" });
    }
}
