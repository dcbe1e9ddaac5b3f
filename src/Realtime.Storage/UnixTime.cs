namespace Realtime.Storage;

/// <summary>Times are stored as unix microseconds (a bigint in both vendors), UTC.</summary>
internal static class UnixTime
{
    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);
}
