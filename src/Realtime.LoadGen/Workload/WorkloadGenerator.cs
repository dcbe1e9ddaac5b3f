using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;

namespace Realtime.LoadGen.Workload;

/// <summary>A batch ready to send, with what the drivers need to know about it once it is acknowledged.</summary>
/// <param name="Request">The batch (its <c>batch_id</c> is set by the sender).</param>
/// <param name="NewlyKnown">Customers whose traits (email, phone) are in this batch: lookups may ask for them once it is acknowledged.</param>
/// <param name="FirstActive">
/// Customers whose first activity is in this batch: their first event other than traits, or the identifying traits event
/// of an anonymous visitor (whose browsing merges in with it). Traits alone count as no activity ("any" in the rules), so
/// this, not <paramref name="NewlyKnown"/>, is the event that makes a customer enter its first segment (the default
/// ruleset's <c>active_90d</c>): the push latency is measured from it.
/// </param>
public sealed record GeneratedBatch(TrackRequest Request, IReadOnlyList<int> NewlyKnown, IReadOnlyList<int> FirstActive);

/// <summary>
/// The event mix. A new customer either starts as an anonymous visitor (30%: page views with only an anonymous id,
/// identified later by a traits event carrying both ids) or is known at once (a traits event first: sector, company
/// size, email, phone). Known customers then make visits (1-4 page views, 15% on the "pricing" category), clicks, form
/// fills, downloads, email reactions (opened, clicked, ignored), purchases (amount &gt; 0, 1-3 items, half at full price)
/// and, rarely (0.5%), complaints. Deterministic for a seed; not thread-safe (callers lock).
/// </summary>
public sealed class WorkloadGenerator
{
    private static readonly string[] Sectors = ["software", "retail", "finance", "health", "manufacturing", "education", "media"];
    private static readonly string[] Categories = ["shoes", "electronics", "books", "garden", "sports", "toys", "pricing"];
    private static readonly string[] Forms = ["contact", "demo-request", "newsletter", "quote"];

    private readonly CustomerModel _model;
    private readonly Random _random;
    private readonly string _runId;
    private readonly TimeProvider _time;
    private long _sequence;
    private int _nextUntouched;

    public WorkloadGenerator(int customers, int seed, string runId, TimeProvider time)
    {
        _model = new CustomerModel(customers);
        _random = new Random(seed);
        _runId = runId;
        _time = time;
    }

    public CustomerModel Model => _model;

    /// <summary>Events generated so far.</summary>
    public long Generated => _sequence;

    /// <summary>
    /// The next <paramref name="size"/> customers' first event, in index order (a traits event each: every customer
    /// becomes known exactly once); an empty batch once all <c>N</c> are.
    /// </summary>
    public GeneratedBatch NextTouchBatch(int size)
    {
        var request = new TrackRequest();
        var newlyKnown = new List<int>();
        var now = Timestamp.FromDateTimeOffset(_time.GetUtcNow());
        while (request.Events.Count < size && _nextUntouched < _model.Count)
        {
            var index = _nextUntouched++;
            _model.SetPhase(index, CustomerPhase.Known);
            request.Events.Add(TraitsEvent(index, now, identify: false));
            newlyKnown.Add(index);
        }

        return new GeneratedBatch(request, newlyKnown, []);
    }

    /// <summary>The next <paramref name="size"/> events (a visit is never cut in two, so a batch may hold up to 3 more).</summary>
    public GeneratedBatch NextBatch(int size)
    {
        var request = new TrackRequest();
        var newlyKnown = new List<int>();
        var firstActive = new List<int>();
        var now = Timestamp.FromDateTimeOffset(_time.GetUtcNow());
        while (request.Events.Count < size)
        {
            AddFor(_model.Pick(_random), request, newlyKnown, firstActive, now);
        }

        return new GeneratedBatch(request, newlyKnown, firstActive);
    }

    private void AddFor(int index, TrackRequest request, List<int> newlyKnown, List<int> firstActive, Timestamp now)
    {
        switch (_model.Phase(index))
        {
            case CustomerPhase.New when _random.NextDouble() < 0.30:
                _model.SetPhase(index, CustomerPhase.Anonymous);
                request.Events.Add(AnonymousPageView(index, now));
                break;
            case CustomerPhase.New:
                _model.SetPhase(index, CustomerPhase.Known);
                request.Events.Add(TraitsEvent(index, now, identify: false));
                newlyKnown.Add(index);
                break;
            case CustomerPhase.Anonymous when _random.NextDouble() < 0.35:
                _model.SetPhase(index, CustomerPhase.Active);
                request.Events.Add(TraitsEvent(index, now, identify: true));
                newlyKnown.Add(index);
                firstActive.Add(index);
                break;
            case CustomerPhase.Anonymous:
                request.Events.Add(AnonymousPageView(index, now));
                break;
            case CustomerPhase.Known:
                _model.SetPhase(index, CustomerPhase.Active);
                AddActivity(index, request, now);
                firstActive.Add(index);
                break;
            default:
                AddActivity(index, request, now);
                break;
        }
    }

    private void AddActivity(int index, TrackRequest request, Timestamp now)
    {
        var roll = _random.NextDouble();
        if (roll < 0.50)
        {
            var pages = 1 + _random.Next(4);
            for (var i = 0; i < pages; i++)
            {
                request.Events.Add(PageView(index, now));
            }
        }
        else if (roll < 0.55)
        {
            request.Events.Add(Known(index, now, e => e.Click = new Click { Target = "cta", Url = "https://shop.example/cta", Category = Pick(Categories) }));
        }
        else if (roll < 0.62)
        {
            request.Events.Add(Known(index, now, e => e.FormFilled = new FormFilled { FormId = Pick(Forms), Fields = { ["company"] = $"Company {index}" } }));
        }
        else if (roll < 0.69)
        {
            request.Events.Add(Known(index, now, e => e.ContentDownloaded = new ContentDownloaded { ContentId = $"whitepaper-{_random.Next(20)}", Category = Pick(Categories) }));
        }
        else if (roll < 0.90)
        {
            var action = _random.NextDouble() switch { < 0.40 => EmailAction.Opened, < 0.60 => EmailAction.Clicked, _ => EmailAction.Ignored };
            request.Events.Add(Known(index, now, e => e.Email = new EmailActivity { Action = action, Campaign = $"campaign-{_random.Next(5)}", MessageId = $"m-{_sequence}" }));
        }
        else if (roll < 0.995)
        {
            request.Events.Add(Known(index, now, e => e.Purchase = NewPurchase()));
        }
        else
        {
            request.Events.Add(Known(index, now, e => e.Complaint = new Complaint { Channel = Channel.Email, Reason = "too many emails", Campaign = "campaign-0" }));
        }
    }

    private Purchase NewPurchase()
    {
        var purchase = new Purchase { OrderId = $"{_runId}-o{_sequence}", Currency = "EUR" };
        var items = 1 + _random.Next(3);
        var fullPrice = _random.NextDouble() < 0.5;
        for (var i = 0; i < items; i++)
        {
            var item = new PurchaseItem
            {
                ProductId = $"p-{_random.Next(500)}",
                Category = Categories[_random.Next(Categories.Length - 1)],
                Quantity = 1 + _random.Next(3),
                UnitPrice = Math.Round(5 + (_random.NextDouble() * 195), 2),
                FullPrice = fullPrice,
            };
            purchase.Items.Add(item);
            purchase.Amount += item.Quantity * item.UnitPrice;
        }

        purchase.Amount = Math.Round(purchase.Amount, 2);
        if (!fullPrice)
        {
            purchase.PromotionCode = "SALE10";
        }

        return purchase;
    }

    private Event PageView(int index, Timestamp now) => Known(index, now, e => e.PageView = NewPageView());

    private PageView NewPageView()
    {
        var category = _random.NextDouble() < 0.15 ? "pricing" : Categories[_random.Next(Categories.Length - 1)];
        return new PageView { Url = $"https://shop.example/{category}/{_random.Next(100)}", Category = category, ProductId = $"p-{_random.Next(500)}" };
    }

    private Event AnonymousPageView(int index, Timestamp now)
    {
        var e = NewEvent(now);
        e.AnonymousId = AnonymousId(index);
        e.PageView = NewPageView();
        return e;
    }

    private Event TraitsEvent(int index, Timestamp now, bool identify)
    {
        var e = NewEvent(now);
        e.CustomerId = CustomerModel.CustomerId(index);
        if (identify)
        {
            e.AnonymousId = AnonymousId(index);
        }

        e.Traits = new Traits
        {
            Email = CustomerModel.Email(index),
            Phone = CustomerModel.Phone(index),
            Sector = Pick(Sectors),
            CompanySize = _random.NextDouble() switch { < 0.5 => 1 + _random.Next(50), < 0.85 => 50 + _random.Next(450), _ => 500 + _random.Next(20_000) },
            Country = "FR",
            TimeZone = "Europe/Paris",
        };
        return e;
    }

    private Event Known(int index, Timestamp now, Action<Event> payload)
    {
        var e = NewEvent(now);
        e.CustomerId = CustomerModel.CustomerId(index);
        payload(e);
        return e;
    }

    private Event NewEvent(Timestamp now) => new() { EventId = $"{_runId}-{_sequence++}", OccurredAt = now };

    private string AnonymousId(int index) => $"anon-{_runId}-{index}";

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
