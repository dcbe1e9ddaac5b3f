using Google.Protobuf.WellKnownTypes;

namespace Realtime.Customers.Views;

internal static class Timestamps
{
    public static Timestamp? FromUnixMs(long ms) =>
        ms is 0 or long.MaxValue or long.MinValue ? null : Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms));
}
