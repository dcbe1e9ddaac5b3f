using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>Customers.Export and Customers.Erase through the real server: actors, event log and identity keys together.</summary>
public sealed class PrivacyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Export_ByEmail_ReturnsEveryStoredEventOfTheCustomerWithTheirView()
    {
        await _api.TrackAsync(
            _api.NewEvent("privacy-export", e => e.Traits = new Traits { Email = "dora@example.com", Sector = "agrifood" }),
            _api.NewEvent("privacy-export", e => e.FormFilled = new FormFilled { FormId = "demo" }),
            _api.NewEvent("privacy-bystander", e => e.FormFilled = new FormFilled { FormId = "demo" }));
        await _api.GetAsync("privacy-export"); // consistent: every acknowledged event applied

        var export = await ExportAsync(new CustomerRef { Email = "dora@example.com" });

        Assert.Equal("privacy-export", export.View.CustomerId);
        Assert.Equal("privacy-export", export.Explanation.CustomerId);
        Assert.Equal(2, export.Events.Count);
        Assert.All(export.Events, e => Assert.Equal("privacy-export", e.CustomerId));
        Assert.Equal(Event.PayloadOneofCase.Traits, export.Events[0].PayloadCase);
        Assert.Equal(Event.PayloadOneofCase.FormFilled, export.Events[1].PayloadCase);
    }

    [Fact]
    public async Task Erase_RemovesTheCustomerByIdEmailAndPhone_AndLeavesOthersAlone()
    {
        await _api.TrackAsync(
            _api.NewEvent("privacy-erase", e => e.Traits = new Traits { Email = "eve@example.com", Phone = "+33 6 99 88 77 66" }),
            _api.NewEvent("privacy-erase", e => e.FormFilled = new FormFilled { FormId = "demo" }),
            _api.NewEvent("privacy-keep", e => e.Traits = new Traits { Email = "keep@example.com" }));
        Assert.Equal("privacy-erase", (await _api.GetAsync(new CustomerRef { Email = "eve@example.com" })).CustomerId);

        var erased = await _api.CallAsync<EraseRequest, EraseResponse>(CustomersReflection.Descriptor, "Customers", "Erase",
            new EraseRequest { Customer = new CustomerRef { CustomerId = "privacy-erase" }, RequestedBy = "dpo", Reason = "right to erasure" });

        Assert.Equal(("privacy-erase", 2L), (erased.CustomerId, erased.EventsErased));
        foreach (var reference in new[]
        {
            new CustomerRef { CustomerId = "privacy-erase" }, new CustomerRef { Email = "eve@example.com" }, new CustomerRef { Phone = "+33699887766" },
        })
        {
            var missing = await Assert.ThrowsAsync<RpcException>(() => _api.GetAsync(reference));
            Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        }

        Assert.Equal("privacy-keep", (await _api.GetAsync(new CustomerRef { Email = "keep@example.com" })).CustomerId);
    }

    [Fact]
    public async Task Get_ByEmail_AfterAnotherCustomerClaimsIt_FindsTheNewOwner()
    {
        await _api.TrackAsync(_api.NewEvent("privacy-old-owner", e => e.Traits = new Traits { Email = "shared@example.com" }));
        Assert.Equal("privacy-old-owner", (await _api.GetAsync(new CustomerRef { Email = "shared@example.com" })).CustomerId);

        await _api.TrackAsync(_api.NewEvent("privacy-new-owner", e => e.Traits = new Traits { Email = "shared@example.com" }));

        Assert.Equal("privacy-new-owner", (await _api.GetAsync(new CustomerRef { Email = "shared@example.com" })).CustomerId);
    }

    private Task<CustomerExport> ExportAsync(CustomerRef customer) =>
        _api.CallAsync<ExportRequest, CustomerExport>(CustomersReflection.Descriptor, "Customers", "Export", new ExportRequest { Customer = customer });
}
