using Realtime.Grpc.Tests.Hosting;

namespace Realtime.Grpc.Tests.External;

/// <summary>What every interop client run must show: its cases passed, and the server logged each failure once.</summary>
public static class InteropAssertions
{
    /// <summary>Cases each client must have run (a case dropped from a client must not pass unnoticed).</summary>
    private static readonly string[] RequiredCases =
    [
        "server_handler_cancelled",
        "status_code_and_message",
        "garbage_request_internal",
        "handler_exception_unknown",
        "unsupported_encoding_unimplemented",
        "request_over_limit",
        "timeout_on_sleeping_server",
    ];

    public static void AssertPassed(string standardOutput)
    {
        Assert.DoesNotContain("FAIL", standardOutput, StringComparison.Ordinal);
        foreach (var name in RequiredCases)
        {
            Assert.Contains($"PASS {name}", standardOutput, StringComparison.Ordinal);
        }
    }

    /// <summary>Each client has a server of its own (a class fixture), so its log holds that client's calls only.</summary>
    public static void AssertEachFailureLoggedOnce(GrpcTestServer server)
    {
        var entries = server.Logs.Entries.ToList();

        // The one handler that throws on purpose (FaultService/Throw) is logged once, as HandlerFailed. Client resets and
        // deadlines are cancellations, not handler failures.
        var failure = Assert.Single(entries, e => e.EventId.Name == "HandlerFailed");
        Assert.Contains("/realtime.testing.v1.FaultService/Throw", failure.Message, StringComparison.Ordinal);

        // The unsupported compression is rejected, and logged, once.
        Assert.Single(entries, e => e.EventId.Name == "CallRejected" && e.Message.Contains("'deflate'", StringComparison.Ordinal));
    }
}
