using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

public sealed class IngestTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Track_ValidEvents_AcceptsAndTheCustomerReflectsThem()
    {
        var response = await _api.TrackAsync(
            _api.NewEvent("ingest-1", e => e.Traits = new Traits { Email = "Ann@Example.com", Phone = "+33 6 12 34 56 78", Sector = "agrifood" }),
            _api.NewEvent("ingest-1", e => e.FormFilled = new FormFilled { FormId = "demo" }));

        Assert.Equal(2, response.Accepted);
        Assert.Empty(response.Results);
        var view = await _api.GetAsync("ingest-1");
        Assert.Equal(2, view.Events);
        Assert.Equal(LifecycleStage.Prospect, view.Stage);
    }

    [Fact]
    public async Task Get_ByEmailOrPhone_FindsTheCustomer()
    {
        await _api.TrackAsync(_api.NewEvent("ingest-2", e => e.Traits = new Traits { Email = "Bob@Example.com", Phone = "+33 (0)7-11-22-33-44" }));

        var byEmail = await _api.GetAsync(new CustomerRef { Email = " bob@example.COM" });
        var byPhone = await _api.GetAsync(new CustomerRef { Phone = "+33 0711223344" });

        Assert.Equal("ingest-2", byEmail.CustomerId);
        Assert.Equal("ingest-2", byPhone.CustomerId);
    }

    [Fact]
    public async Task Track_SameEventIdAgain_IsADuplicateWithNoSecondEffect()
    {
        var form = _api.NewEvent("ingest-3", e => e.FormFilled = new FormFilled { FormId = "demo" });
        await _api.TrackAsync(form);

        var again = await _api.TrackAsync(form, _api.NewEvent("ingest-3", e => e.ContentDownloaded = new ContentDownloaded { ContentId = "guide" }));

        Assert.Equal(1, again.Accepted);
        Assert.Equal(1, again.Duplicates);
        var duplicate = Assert.Single(again.Results);
        Assert.Equal((EventOutcome.Duplicate, 0, form.EventId), (duplicate.Outcome, duplicate.Index, duplicate.EventId));
        Assert.Equal(2, (await _api.GetAsync("ingest-3")).Events);
    }

    [Fact]
    public async Task Track_InvalidEvents_AreRejectedWithAReasonAndTheRestGoesThrough()
    {
        var noId = _api.NewEvent("ingest-4", e => e.PageView = new PageView { Url = "/" });
        noId.EventId = "";
        var noCustomer = _api.NewEvent("", e => e.PageView = new PageView { Url = "/" });
        var future = _api.NewEvent("ingest-4", e => e.PageView = new PageView { Url = "/" });
        future.OccurredAt = Timestamp.FromDateTimeOffset(server.Clock.GetUtcNow().AddDays(2));
        var negative = _api.NewEvent("ingest-4", e => e.Purchase = new Purchase { OrderId = "o1", Amount = -5 });
        var good = _api.NewEvent("ingest-4", e => e.PageView = new PageView { Url = "/pricing" });

        var response = await _api.TrackAsync(noId, noCustomer, future, negative, good);

        Assert.Equal((1, 4), (response.Accepted, response.Rejected));
        Assert.Equal([0, 1, 2, 3], response.Results.Select(r => r.Index));
        Assert.All(response.Results, r => Assert.Equal(EventOutcome.Rejected, r.Outcome));
        Assert.Contains("event_id", response.Results[0].Reason);
        Assert.Contains("customer_id", response.Results[1].Reason);
        Assert.Contains("future", response.Results[2].Reason);
        Assert.Contains("negative", response.Results[3].Reason);
        Assert.Equal(1, (await _api.GetAsync("ingest-4")).Events);
    }

    [Fact]
    public async Task Track_OversizeBatch_IsRefusedWhole()
    {
        var events = Enumerable.Range(0, 10_001).Select(_ => _api.NewEvent("ingest-5", e => e.Type = "ping")).ToArray();

        var error = await Assert.ThrowsAsync<RpcException>(() => _api.TrackAsync(events));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("at most 10000 events", error.Detail);
    }

    [Fact]
    public async Task Get_UnknownCustomer_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _api.GetAsync("nobody-ever"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Anonymous_VisitorThenIdentified_HistoryMergesIntoTheCustomerOnce()
    {
        var anonymous = "anon-ingest-6";
        await _api.TrackAsync(
            _api.NewEvent("", e => { e.AnonymousId = anonymous; e.FormFilled = new FormFilled { FormId = "newsletter" }; }),
            _api.NewEvent("", e => { e.AnonymousId = anonymous; e.ContentDownloaded = new ContentDownloaded { ContentId = "guide" }; }));
        var visitor = await _api.GetAsync(new CustomerRef { AnonymousId = anonymous });
        Assert.Equal(2, visitor.Events);

        await _api.TrackAsync(_api.NewEvent("ingest-6", e => { e.AnonymousId = anonymous; e.Traits = new Traits { Email = "carla@example.com" }; }));
        await _api.TrackAsync(_api.NewEvent("", e => { e.AnonymousId = anonymous; e.PageView = new PageView { Url = "/after" }; }));

        var customer = await _api.GetAsync("ingest-6");
        Assert.Contains(anonymous, customer.AnonymousIds);
        Assert.Equal(4, customer.Events);
        var viaAnonymousId = await _api.GetAsync(new CustomerRef { AnonymousId = anonymous });
        Assert.Equal("ingest-6", viaAnonymousId.CustomerId);
    }
}
