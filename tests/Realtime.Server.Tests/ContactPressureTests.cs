using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

public sealed class ContactPressureTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Request_64ConcurrentForTheLastSlot_ExactlyOneIsGranted()
    {
        // Phone allows one marketing call a day in the default policy: one slot, 64 campaigns racing for it.
        await _api.TrackAsync(_api.NewEvent("racer", e => e.Traits = new Traits { TimeZone = "Europe/Paris" }));

        var decisions = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => _api.RequestContactAsync("racer", Channel.Phone, campaign: $"campaign-{i}"))));

        var granted = Assert.Single(decisions, d => d.Granted);
        Assert.NotEmpty(granted.ReservationToken);
        Assert.All(decisions.Where(d => !d.Granted), d => Assert.NotEqual(DenyReason.Unspecified, d.Reason));
        Assert.True((await _api.CommitAsync("racer", granted.ReservationToken)).Committed);
    }

    [Fact]
    public async Task Complaint_SuppressesMarketingAndShowsInTheCallCentreView()
    {
        await _api.TrackAsync(_api.NewEvent("complainer", e => e.Complaint = new Complaint { Channel = Channel.Email, Reason = "too many emails" }));

        var decision = await _api.RequestContactAsync("complainer", Channel.Email);
        var view = await _api.GetAsync("complainer");

        Assert.False(decision.Granted);
        Assert.Equal(DenyReason.Complaint, decision.Reason);
        Assert.Equal(server.Clock.GetUtcNow().AddDays(30), decision.EarliestAt.ToDateTimeOffset());
        Assert.Contains(view.Suppressions, s => s.Reason == DenyReason.Complaint);
        Assert.False(view.Channels.Single(c => c.Channel == Channel.Phone).AllowedNow);
    }

    [Fact]
    public async Task Request_TransactionalAfterComplaint_IsStillGranted()
    {
        await _api.TrackAsync(_api.NewEvent("receipt", e => e.Complaint = new Complaint { Channel = Channel.Email }));

        var decision = await _api.RequestContactAsync("receipt", Channel.Email, MessageKind.Transactional, campaign: "order-confirmation");

        Assert.True(decision.Granted);
    }

    [Fact]
    public async Task Request_NoChannel_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<Grpc.RpcException>(() => _api.RequestContactAsync("someone", Channel.Unspecified));

        Assert.Equal(Grpc.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("channel", error.Detail);
    }
}
