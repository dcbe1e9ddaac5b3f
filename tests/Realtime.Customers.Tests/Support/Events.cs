using Google.Protobuf.WellKnownTypes;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;
using Realtime.Contracts.V1;

namespace Realtime.Customers.Tests.Support;

/// <summary>Builds protobuf events for tests.</summary>
internal static class Events
{
    private static int _next;

    public static Event Base(string customerId, DateTimeOffset at) => new()
    {
        EventId = $"e{Interlocked.Increment(ref _next)}",
        CustomerId = customerId,
        OccurredAt = Timestamp.FromDateTimeOffset(at),
    };

    public static Event Traits(string customerId, DateTimeOffset at, Action<Traits> set)
    {
        var e = Base(customerId, at);
        e.Traits = new Traits();
        set(e.Traits);
        return e;
    }

    public static Event Form(string customerId, DateTimeOffset at, string formId = "contact")
    {
        var e = Base(customerId, at);
        e.FormFilled = new FormFilled { FormId = formId };
        return e;
    }

    public static Event Download(string customerId, DateTimeOffset at)
    {
        var e = Base(customerId, at);
        e.ContentDownloaded = new ContentDownloaded { ContentId = "whitepaper", Title = "Whitepaper" };
        return e;
    }

    public static Event Email(string customerId, DateTimeOffset at, EmailAction action)
    {
        var e = Base(customerId, at);
        e.Email = new EmailActivity { Action = action, Campaign = "spring" };
        return e;
    }

    public static Event Purchase(string customerId, DateTimeOffset at, double amount)
    {
        var e = Base(customerId, at);
        e.Purchase = new Purchase { OrderId = $"o{_next}", Amount = amount, Currency = "EUR" };
        return e;
    }

    public static Event PageView(string customerId, DateTimeOffset at, string category = "home")
    {
        var e = Base(customerId, at);
        e.PageView = new PageView { Url = $"/{category}", Category = category };
        return e;
    }

    public static Event Open(string customerId, DateTimeOffset at, string type, params (string Key, ProtoValue Value)[] props)
    {
        var e = Base(customerId, at);
        e.Type = type;
        foreach (var (key, value) in props)
        {
            e.Properties[key] = value;
        }

        return e;
    }

    public static Event Stage(string customerId, DateTimeOffset at, LifecycleStage stage)
    {
        var e = Base(customerId, at);
        e.SalesStage = new SalesStageSet { Stage = stage, Source = "crm-x" };
        return e;
    }
}
