using Realtime.LoadGen.Report;

namespace Realtime.LoadGen.Tests;

/// <summary>The GC probe follows a live .NET process over EventPipe: here the test process itself.</summary>
public sealed class ServerGcProbeTests
{
    [Fact]
    public async Task Collections_made_while_following_are_counted_by_generation_with_their_pauses()
    {
        await using var probe = ServerGcProbe.TryStart(Environment.ProcessId, out var reason);
        Assert.True(probe is not null, reason);

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var gc = await probe.StopAsync(TimeSpan.FromSeconds(10));

        // At least these four: others may run meanwhile, and the GC may collect an older generation than asked.
        Assert.True(gc.Collections >= 4, $"gen0 {gc.Gen0} gen1 {gc.Gen1} gen2 {gc.Gen2}");
        Assert.True(gc.Gen2 >= 1, $"gen2 {gc.Gen2}");
        Assert.Equal(gc.Gen0 + gc.Gen1 + gc.Gen2, gc.Collections);
        Assert.True(gc.PausedMs > 0 && gc.LongestPauseMs > 0 && gc.LongestPauseMs <= gc.PausedMs, $"paused {gc.PausedMs} ms, longest {gc.LongestPauseMs} ms");
        Assert.Equal(gc.PausedMs / 10_000, gc.PausedShare, tolerance: 0.0001); // both rounded, from the same total
    }

    [Fact]
    public void A_process_that_is_not_there_gives_no_probe_and_says_why()
    {
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();

        var probe = ServerGcProbe.TryStart(gone.Id, out var reason);

        Assert.Null(probe);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }
}
