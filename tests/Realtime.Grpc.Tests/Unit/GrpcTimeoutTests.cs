using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Tests.Unit;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1S", 10_000_000L)]
    [InlineData("100m", 1_000_000L)]
    [InlineData("5000u", 50_000L)]
    [InlineData("1000000n", 10_000L)]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("0S", 0L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void TryParse_EveryUnit(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(TimeSpan.FromTicks(ticks), timeout);
    }

    [Theory]
    [InlineData("999999999S")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("+5S")]
    [InlineData("S")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1 S")]
    [InlineData("1s")]
    public void TryParse_Invalid(string? value) => Assert.False(GrpcTimeout.TryParse(value, out _));

    [Theory]
    [InlineData(1L, "100n")]
    [InlineData(10_000L, "1000000n")]
    [InlineData(10_000_000L, "1000000u")]
    [InlineData(36_000_000_000L, "3600000m")]
    public void Format_FitsEightDigits_RoundsUp(long ticks, string expected)
    {
        var formatted = GrpcTimeout.Format(TimeSpan.FromTicks(ticks));

        Assert.Equal(expected, formatted);
        Assert.True(GrpcTimeout.TryParse(formatted, out var back));
        Assert.True(back >= TimeSpan.FromTicks(ticks));
    }

    [Fact]
    public void Format_HugeTimeout_StillValid()
    {
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(TimeSpan.FromDays(10_000)), out var parsed));
        Assert.True(parsed >= TimeSpan.FromDays(10_000));
    }
}
