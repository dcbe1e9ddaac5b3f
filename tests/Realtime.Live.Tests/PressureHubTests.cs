using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Live.Tests.Infrastructure;

namespace Realtime.Live.Tests;

public sealed class PressureHubTests
{
    private const string Pressure = "/hubs/pressure";

    [Fact]
    public async Task Subscribe_ComplaintSuppression_ReachesOnlyThatChannelsSubscribers()
    {
        await using var host = await LiveTestHost.StartAsync();
        await using var email = await HubTestClient.ConnectAsync(host.BaseUri, Pressure);
        await using var sms = await HubTestClient.ConnectAsync(host.BaseUri, Pressure);
        await using var all = await HubTestClient.ConnectAsync(host.BaseUri, Pressure);
        Assert.Equal("email", (await email.InvokeAsync("Subscribe", (object)new[] { "email" }))[0].GetString());
        await sms.InvokeAsync("Subscribe", (object)new[] { "SMS" });
        Assert.Equal("all", (await all.InvokeAsync("Subscribe", (object)Array.Empty<string>()))[0].GetString());

        var now = host.Clock.GetUtcNow();
        host.Feed.PressureChanged(Change("c1", Channel.Email, allowed: false, DenyReason.Complaint, until: now.AddDays(30)));
        host.Feed.PressureChanged(Change("c2", Channel.Sms, allowed: true, DenyReason.Unspecified, until: null));
        host.PushPressure();

        var emailBatch = (await email.NextAsync("pressure")).Payload;
        var suppression = Assert.Single(emailBatch.EnumerateArray());
        Assert.Equal("c1", suppression.GetProperty("customerId").GetString());
        Assert.Equal("email", suppression.GetProperty("channel").GetString());
        Assert.False(suppression.GetProperty("allowedNow").GetBoolean());
        Assert.Equal("complaint", suppression.GetProperty("reason").GetString());
        Assert.Equal(now.AddDays(30).UtcDateTime, suppression.GetProperty("until").GetDateTime());

        var smsChange = Assert.Single((await sms.NextAsync("pressure")).Payload.EnumerateArray());
        Assert.Equal("c2", smsChange.GetProperty("customerId").GetString());
        Assert.Equal(2, (await all.NextAsync("pressure")).Payload.GetArrayLength());

        // A later change on the email channel only: the sms subscriber's next message must not be it.
        host.Feed.PressureChanged(Change("c3", Channel.Email, allowed: true, DenyReason.Unspecified, until: null));
        host.Feed.PressureChanged(Change("c4", Channel.Sms, allowed: false, DenyReason.ChannelCap, until: now.AddDays(1)));
        host.PushPressure();
        Assert.Equal("c4", Assert.Single((await sms.NextAsync("pressure")).Payload.EnumerateArray()).GetProperty("customerId").GetString());
        Assert.Equal("c3", Assert.Single((await email.NextAsync("pressure")).Payload.EnumerateArray()).GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task Subscribe_ChangeForEveryChannel_ReachesEverySubscriber()
    {
        await using var host = await LiveTestHost.StartAsync();
        await using var phone = await HubTestClient.ConnectAsync(host.BaseUri, Pressure);
        await phone.InvokeAsync("Subscribe", (object)new[] { "phone" });

        host.Feed.PressureChanged(Change("c1", Channel.Unspecified, allowed: false, DenyReason.ConsentRevoked, until: null));
        host.PushPressure();

        var change = Assert.Single((await phone.NextAsync("pressure")).Payload.EnumerateArray());
        Assert.Equal("unspecified", change.GetProperty("channel").GetString());
        Assert.Equal("consent_revoked", change.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Subscribe_UnknownChannel_IsRefused()
    {
        await using var host = await LiveTestHost.StartAsync();
        await using var client = await HubTestClient.ConnectAsync(host.BaseUri, Pressure);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.InvokeAsync("Subscribe", (object)new[] { "fax" }));

        Assert.Contains("Unknown channel 'fax'", refused.Message, StringComparison.Ordinal);
    }

    internal static PressureChange Change(string customerId, Channel channel, bool allowed, DenyReason reason, DateTimeOffset? until) => new()
    {
        CustomerId = customerId,
        Channel = channel,
        AllowedNow = allowed,
        Reason = reason,
        Until = until is { } end ? Timestamp.FromDateTimeOffset(end) : null,
        At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
    };
}
