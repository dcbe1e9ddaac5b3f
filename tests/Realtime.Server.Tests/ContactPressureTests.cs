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
    public async Task Request_RightAfterComplaintsQueuedBehindABigBatch_IsDeniedForEveryComplainer()
    {
        // Everyone is active first (a new customer's events and requests wait for its state to load, in order, which
        // would hide the point). Then the complaints close a batch of 5,000 events: when Track answers they are still
        // queued behind the other customers' events. A Request runs ahead of those, never ahead of its own complaint.
        var complainers = Enumerable.Range(0, 20).Select(i => $"silent-{i}").ToArray();
        var everyone = Enumerable.Range(0, 5_000).Select(i => $"filler-{i}").Concat(complainers).ToArray();
        await _api.TrackAsync([.. everyone.Select(c => _api.NewEvent(c, e => e.Traits = new Traits { TimeZone = "Europe/Paris" }))]);
        await Task.WhenAll(everyone.Select(c => _api.GetAsync(c)));

        var filler = everyone.Take(5_000).Select(c => _api.NewEvent(c, e => e.Traits = new Traits { TimeZone = "Europe/Paris" }));
        var complaints = complainers.Select(c => _api.NewEvent(c, e => e.Complaint = new Complaint { Channel = Channel.Email }));
        await _api.TrackAsync([.. filler, .. complaints]);
        var decisions = await Task.WhenAll(complainers.Select(c => _api.RequestContactAsync(c, Channel.Email)));

        Assert.All(decisions.Zip(complainers), pair => Assert.True(
            pair.First.Reason == DenyReason.Complaint,
            $"customer {pair.Second}: expected the request denied for the complaint queued before it, got granted={pair.First.Granted} reason={pair.First.Reason}"));
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
