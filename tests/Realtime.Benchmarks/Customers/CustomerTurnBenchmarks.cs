using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Customers.Aggregates;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Turns;

namespace Realtime.Benchmarks.Customers;

/// <summary>
/// One customer turn for a typical event with the default ruleset: validation, counters, event rules, score, grade,
/// lifecycle, segments, tier, due time, plus the segment aggregates update. Steady state: the customer is warm.
/// </summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(3)]
[IterationCount(10)]
public class CustomerTurnBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly CustomerEngine _engine = new();
    private readonly TurnWorkspace _workspace = new();
    private CompiledRuleset _ruleset = null!;
    private SegmentAggregates _aggregates = null!;
    private CustomerState _customer = null!;
    private Event _pageView = null!;
    private Event _emailOpened = null!;
    private Event _formFilled = null!;
    private Event _grewToFifty = null!;
    private Event _shrankUnderFive = null!;
    private bool _large = true;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _ruleset = DefaultRuleset.Load();
        _aggregates = new SegmentAggregates(_ruleset);
        _customer = CustomerEngine.CreateState(_ruleset, "c1");
        _now = Start.AddDays(1);
        var traits = Make(Start);
        traits.Traits = new Traits { Sector = "agrifood", CompanySize = 80, Role = "owner", BirthDate = "1985-03-14" };
        traits.Traits.Interests.Add("tennis");
        Apply(traits);
        _pageView = Make(Start.AddHours(1));
        _pageView.PageView = new PageView { Url = "/products/boots", Category = "hiking-shoes", ProductId = "b1" };
        _emailOpened = Make(Start.AddHours(2));
        _emailOpened.Email = new EmailActivity { Action = EmailAction.Opened, Campaign = "spring" };
        _formFilled = Make(Start.AddHours(3));
        _formFilled.FormFilled = new FormFilled { FormId = "demo" };
        // Traits that move the fit score each way: score, grade and segment memberships change on every turn (checked
        // below; the event rules above saturate at their max_times, so those benchmarks measure the no-change path).
        _grewToFifty = Make(Start.AddHours(4));
        _grewToFifty.Traits = new Traits { Sector = "agrifood", CompanySize = 80 };
        _shrankUnderFive = Make(Start.AddHours(5));
        _shrankUnderFive.Traits = new Traits { Sector = "retail", CompanySize = 3 };
        for (var i = 0; i < 10; i++)
        {
            Apply(_pageView);
            Apply(_emailOpened);
            Apply(_formFilled);
        }

        Apply(_shrankUnderFive);
        var small = (_customer.Score, _customer.Grade, _customer.Segments);
        Apply(_grewToFifty);
        if (small.Score == _customer.Score || small.Grade == _customer.Grade || small.Segments == _customer.Segments)
        {
            throw new InvalidOperationException($"The changing turn must change score, grade and segments: {small} vs {(_customer.Score, _customer.Grade, _customer.Segments)}.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool Validate_only() =>
        EventValidator.Validate(_pageView, _now.ToUnixTimeMilliseconds(), 300_000).Reason == RejectionReason.None;

    [Benchmark]
    public long Turn_page_view() => Apply(_pageView);

    [Benchmark]
    public long Turn_email_opened() => Apply(_emailOpened);

    [Benchmark]
    public long Turn_form_filled() => Apply(_formFilled);

    [Benchmark]
    public long Turn_score_grade_and_segments_change()
    {
        _large = !_large;
        return Apply(_large ? _grewToFifty : _shrankUnderFive);
    }

    [Benchmark]
    public long Wake_up() => _engine.Wake(_workspace, _customer, _now).DueAt;

    private long Apply(Event e)
    {
        var result = _engine.Apply(_workspace, _customer, e, _now);
        _aggregates.Apply(_workspace, _now);
        return result.DueAt;
    }

    private static Event Make(DateTimeOffset at) => new()
    {
        EventId = "e-" + at.ToUnixTimeMilliseconds(),
        CustomerId = "c1",
        OccurredAt = Timestamp.FromDateTimeOffset(at),
    };
}
