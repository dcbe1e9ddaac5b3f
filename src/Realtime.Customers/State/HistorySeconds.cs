namespace Realtime.Customers.State;

/// <summary>
/// Instants in the kept histories are whole seconds from 2020-01-01 in an int (4 bytes instead of 8: memory per
/// customer is the constraint), covering 1952..2088.
/// </summary>
internal static class HistorySeconds
{
    private const long EpochMs = 1_577_836_800_000;

    public static int FromUnixMs(long atMs) =>
        (int)Math.Clamp(Math.Floor((atMs - EpochMs) / 1000.0), int.MinValue, int.MaxValue);

    public static long ToUnixMs(int seconds) => EpochMs + (seconds * 1000L);
}
