using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;

namespace Realtime.Web.Tests.Infrastructure;

/// <summary>Sends events over gRPC with the project's client, as producers do.</summary>
public sealed class EventSender(GrpcChannel channel)
{
    private long _batch;

    public Task<TrackResponse> TrackAsync(params Event[] events)
    {
        var request = new TrackRequest { BatchId = (ulong)Interlocked.Increment(ref _batch) };
        request.Events.AddRange(events);
        var method = IngestReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Ingest").FindMethodByName("Track");
        return channel.UnaryAsync(Method<TrackRequest, TrackResponse>.FromDescriptor(method), request).ResponseAsync;
    }

    private static readonly string[] Names = ["Claire Dubois", "Yann Le Gall", "Amina Benali", "Hugo Martin", "Léa Moreau", "Tomás Ruiz", "Ingrid Larsen", "Karim Haddad"];

    /// <summary>A decision-maker at an agrifood company (grade C under the default ruleset), reachable by phone.</summary>
    public static Event AgrifoodCeo(string customerId, string phone, string? name = null) => new()
    {
        EventId = $"evt-{Guid.NewGuid():N}",
        CustomerId = customerId,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Traits = new Traits
        {
            Sector = "agrifood", CompanySize = 80, Role = "ceo", Phone = phone,
            Name = name ?? Names[(int)((uint)customerId.GetHashCode(StringComparison.Ordinal) % Names.Length)],
            City = "Rennes", Country = "FR", TimeZone = "Europe/Paris",
        },
    };

    /// <summary>A page view that gives no points under the default ruleset (not the pricing page): history for the agent.</summary>
    public static Event ProductPageView(string customerId, string title, TimeSpan ago) => new()
    {
        EventId = $"evt-{Guid.NewGuid():N}",
        CustomerId = customerId,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - ago),
        PageView = new PageView { Url = $"https://shop.example/{title.ToLowerInvariant().Replace(' ', '-')}", Title = title, Category = "equipment" },
    };

    /// <summary>Keeps sending new customers (a page view, then their profile) until cancelled, so the dashboard's numbers move.</summary>
    public async Task StreamAsync(string prefix, CancellationToken cancellation)
    {
        for (var i = 0; !cancellation.IsCancellationRequested; i++)
        {
            var customerId = $"{prefix}-{i}";
            await TrackAsync(ProductPageView(customerId, "Grain dryers", TimeSpan.FromMinutes(i % 50)), AgrifoodCeo(customerId, $"+3361{i:D7}"));
            try
            {
                await Task.Delay(100, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
