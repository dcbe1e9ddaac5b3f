using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class SerializationTests
{
    private static PressureState Busy(PressurePolicy policy)
    {
        var state = new PressureState(policy);
        Assert.True(state.SetTimeZone("Europe/Paris"));
        state.Contact(Policies.T0.AddHours(-28), Channel.Email);
        state.Contact(Policies.T0.AddHours(-5), Channel.Sms, MessageKind.Promotion);
        state.Contact(Policies.T0.AddHours(-3), Channel.Email);
        state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0.AddHours(-2));
        state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0.AddHours(-2));
        state.Report(ContactOutcome.HardBounced, Channel.Mail, "c", Policies.T0.AddHours(-1));
        state.OnPurchase(KindTests.FullPrice("sku-1"), Policies.T0.AddHours(-1), Policies.T0.AddHours(-1));
        Assert.True(state.Request(Channel.Push, MessageKind.Marketing, "campaign-x", null, Policies.T0.AddMinutes(-1)).Granted);
        state.OnComplaint(new Complaint { Channel = Channel.Phone, Reason = "rude" }, Policies.T0.AddHours(-1), Policies.T0);
        state.CollectChanges("c-1", Policies.T0, []);
        return state;
    }

    [Fact]
    public void Deserialize_SerializedState_BehavesTheSameAndWritesTheSameBytes()
    {
        var policy = new PressurePolicy { Suppressions = new SuppressionPolicy { ComplaintScope = ComplaintScope.Channel } };
        var original = Busy(policy);

        var bytes = original.Serialize();
        var restored = PressureState.Deserialize(bytes, policy);

        Assert.Equal(bytes, restored.Serialize());
        Assert.Equal(original.TimeZoneId, restored.TimeZoneId);
        Assert.Equal(original.NextDueAt, restored.NextDueAt);
        Assert.Equal(original.GetSuppressions(Policies.T0), restored.GetSuppressions(Policies.T0));
        Assert.Equal(original.GetChannelStatuses(Policies.T0), restored.GetChannelStatuses(Policies.T0));
        foreach (var channel in Channels.All)
        {
            foreach (var hours in new[] { 0, 1, 6, 25, 24 * 8 })
            {
                var at = Policies.T0.AddHours(hours);
                var expected = original.Request(channel, MessageKind.Promotion, "c", "sku-1", at);
                var actual = restored.Request(channel, MessageKind.Promotion, "c", "sku-1", at);
                Assert.Equal((expected.Granted, expected.Reason, expected.EarliestAt, expected.Detail), (actual.Granted, actual.Reason, actual.EarliestAt, actual.Detail));
                if (expected.Granted)
                {
                    original.Release(expected.ReservationToken!, at);
                    restored.Release(actual.ReservationToken!, at);
                }
            }
        }
    }

    [Fact]
    public void Deserialize_PendingReservation_CanStillBeCommitted()
    {
        var policy = Policies.Open(email: new WindowCaps(Day: 1));
        var state = new PressureState(policy);
        var token = state.Ask(Policies.T0).ReservationToken!;

        var restored = PressureState.Deserialize(state.Serialize(), policy);

        Assert.True(restored.Commit(token, Policies.T0.AddMinutes(1)));
        Assert.NotEqual(token, restored.Ask(Policies.T0.AddDays(2)).ReservationToken);
    }

    [Fact]
    public void Serialize_TypicalState_IsSmall()
    {
        var bytes = Busy(PressurePolicy.Default).Serialize();

        Assert.True(bytes.Length <= 256, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Serialize_NewState_IsAFewBytes()
    {
        Assert.True(new PressureState(PressurePolicy.Default).Serialize().Length <= 12);
    }

    [Fact]
    public void Deserialize_UnderSmallerCaps_KeepsTheMostRecentContacts()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 3)));
        state.Contact(Policies.T0);
        state.Contact(Policies.T0.AddHours(1));
        state.Contact(Policies.T0.AddHours(2));

        var restored = PressureState.Deserialize(state.Serialize(), Policies.Open(email: new WindowCaps(Day: 1)));

        restored.Ask(Policies.T0.AddHours(3)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddHours(2).AddDays(1));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 99 })]
    [InlineData(new byte[] { 1 })]
    public void Deserialize_UnknownVersionOrTruncated_ThrowsInvalidData(byte[] bytes)
    {
        Assert.Throws<InvalidDataException>(() => PressureState.Deserialize(bytes, PressurePolicy.Default));
    }
}
