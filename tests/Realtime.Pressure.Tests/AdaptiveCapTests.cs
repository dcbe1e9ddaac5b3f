using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class AdaptiveCapTests
{
    private static PressureState Customer() => new(Policies.Open(
        email: new WindowCaps(Day: 8),
        suppressions: new SuppressionPolicy { IgnoresBeforeBackOff = 1_000 },
        adaptive: new AdaptiveCapsPolicy { IgnoresPerStep = 2, Factor = 0.5, Floor = 0.25 }));

    private static void Ignore(PressureState state, int times)
    {
        for (var i = 0; i < times; i++)
        {
            state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0);
        }
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(1, 8)]
    [InlineData(2, 4)]
    [InlineData(4, 2)]
    [InlineData(6, 2)]
    [InlineData(20, 2)]
    public void Report_IgnoresInARow_HalveTheCapPerStepDownToTheFloor(int ignores, int cap)
    {
        var state = Customer();

        Ignore(state, ignores);

        Assert.Equal(cap, state.GetChannelStatus(Channel.Email, Policies.T0).CapToday);
    }

    [Fact]
    public void Request_AtLoweredCap_DeniedWithDetailNamingTheNormalCap()
    {
        var state = Customer();
        Ignore(state, 4);
        state.Contact(Policies.T0);
        state.Contact(Policies.T0.AddMinutes(1));

        var denied = state.Ask(Policies.T0.AddMinutes(2));

        denied.AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(1));
        Assert.Equal("email cap of 2 per day reached (lowered from 8 after ignored messages)", denied.Detail);
    }

    [Fact]
    public void Report_OpensAndClicks_StepTheCapBackUpToNormal()
    {
        var state = Customer();
        Ignore(state, 4);
        state.Contact(Policies.T0);
        state.Contact(Policies.T0.AddMinutes(1));

        state.Report(ContactOutcome.Opened, Channel.Email, "c", Policies.T0.AddMinutes(2));
        Assert.Equal(4, state.GetChannelStatus(Channel.Email, Policies.T0.AddMinutes(2)).CapToday);
        Assert.True(state.Ask(Policies.T0.AddMinutes(2)).Granted);
        state.Report(ContactOutcome.Clicked, Channel.Email, "c", Policies.T0.AddMinutes(3));
        state.Report(ContactOutcome.Clicked, Channel.Email, "c", Policies.T0.AddMinutes(3));

        Assert.Equal(8, state.GetChannelStatus(Channel.Email, Policies.T0.AddMinutes(3)).CapToday);
    }

    [Fact]
    public void Report_EngagedCustomer_KeepsTheNormalCap()
    {
        var state = Customer();
        for (var i = 0; i < 10; i++)
        {
            state.Report(i % 2 == 0 ? ContactOutcome.Opened : ContactOutcome.Ignored, Channel.Email, "c", Policies.T0);
        }

        Assert.Equal(8, state.GetChannelStatus(Channel.Email, Policies.T0).CapToday);
    }

    [Fact]
    public void Report_IgnoresOnOneChannel_OtherChannelsKeepTheirCaps()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 4), sms: new WindowCaps(Day: 4), adaptive: new AdaptiveCapsPolicy()));

        for (var i = 0; i < 4; i++)
        {
            state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0);
        }

        Assert.Equal(1, state.GetChannelStatus(Channel.Email, Policies.T0).CapToday);
        Assert.Equal(4, state.GetChannelStatus(Channel.Sms, Policies.T0).CapToday);
    }

    [Fact]
    public void Scale_Disabled_KeepsTheCap()
    {
        Assert.Equal(8, new AdaptiveCapsPolicy { Enabled = false }.Scale(8, 3));
    }
}
