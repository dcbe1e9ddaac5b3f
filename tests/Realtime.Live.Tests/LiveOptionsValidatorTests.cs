namespace Realtime.Live.Tests;

public sealed class LiveOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new LiveOptionsValidator().Validate(null, new LiveOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_OutOfRangeSettings_NameEachSetting()
    {
        var options = new LiveOptions
        {
            PushInterval = TimeSpan.Zero,
            DashboardClientQueueCapacity = 1,
            KeepAliveInterval = TimeSpan.FromSeconds(20),
            PressurePath = "hubs/pressure",
        };

        var result = new LiveOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains("Realtime:Live:PushInterval", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Realtime:Live:DashboardClientQueueCapacity", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Realtime:Live:KeepAliveInterval", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Realtime:Live:PressurePath", result.FailureMessage, StringComparison.Ordinal);
    }
}
