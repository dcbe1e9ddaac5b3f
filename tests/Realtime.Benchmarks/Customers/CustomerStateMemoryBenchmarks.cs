using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Turns;

namespace Realtime.Benchmarks.Customers;

/// <summary>
/// Memory per customer. <see cref="New_customer_state"/>'s allocated bytes are the empty state's footprint; the
/// setup also prints the resident bytes per warm customer (10,000 customers with traits and a few events each,
/// measured with a full GC before and after; event strings are shared by reference, as in the server).
/// </summary>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(3)]
[IterationCount(10)]
public class CustomerStateMemoryBenchmarks
{
    private const int Customers = 10_000;
    private CompiledRuleset _ruleset = null!;
    private CustomerState[] _keep = [];

    /// <summary>The default ruleset with longer per-customer logs, to show what history costs.</summary>
    private static readonly string RichYaml = DefaultRuleset.Yaml.Replace(
        "limits:\n  score_history: 4\n  stage_history: 4\n  segment_history: 2\n  interactions: 3\n  event_ids_per_rule: 1",
        "limits:\n  score_history: 8\n  stage_history: 6\n  segment_history: 4\n  interactions: 5\n  event_ids_per_rule: 2",
        StringComparison.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        _ruleset = DefaultRuleset.Load();
        Measure("default ruleset", _ruleset);
        Measure("rich limits", RulesetLoader.LoadOrThrow(RichYaml));
    }

    private void Measure(string label, CompiledRuleset ruleset)
    {
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var now = new DateTimeOffset(2026, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, Customers).Select(i => "customer-" + i).ToArray();
        var events = BuildEvents(now);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        _keep = new CustomerState[Customers];
        for (var i = 0; i < Customers; i++)
        {
            var state = CustomerEngine.CreateState(ruleset, ids[i]);
            foreach (var e in events)
            {
                engine.Apply(workspace, state, e, now);
            }

            _keep[i] = state;
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// {label}: resident bytes per warm customer: {(after - before) / (double)Customers:0} ({Customers} customers, {events.Length} events each)");
        Console.WriteLine($"// {label}: snapshot bytes per warm customer: {StateSerializer.Serialize(_keep[0]).Length}");
        GC.KeepAlive(_keep);
        _keep = [];
    }

    [Benchmark]
    public CustomerState New_customer_state() => CustomerEngine.CreateState(_ruleset, "c1");

    private static Event[] BuildEvents(DateTimeOffset now)
    {
        var traits = Make(now.AddDays(-3), "t");
        traits.Traits = new Traits { Email = "someone@example.com", Sector = "agrifood", CompanySize = 80, BirthDate = "1985-03-14" };
        traits.Traits.Interests.Add("tennis");
        var view = Make(now.AddDays(-2), "v");
        view.PageView = new PageView { Url = "/pricing", Category = "pricing" };
        var open = Make(now.AddDays(-2), "o");
        open.Email = new EmailActivity { Action = EmailAction.Opened, Campaign = "spring" };
        var form = Make(now.AddDays(-1), "f");
        form.FormFilled = new FormFilled { FormId = "demo" };
        var purchase = Make(now.AddHours(-3), "p");
        purchase.Purchase = new Purchase { OrderId = "o-1", Amount = 120 };
        return [traits, view, open, form, purchase];
    }

    private static Event Make(DateTimeOffset at, string id) => new()
    {
        EventId = id,
        CustomerId = "c",
        OccurredAt = Timestamp.FromDateTimeOffset(at),
    };
}
