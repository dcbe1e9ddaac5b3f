using Google.Protobuf;
using Realtime.Contracts.V1;
using Realtime.LoadGen.Workload;
using Realtime.Testing;

namespace Realtime.LoadGen.Tests;

public sealed class WorkloadTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static List<Event> Generate(int customers, int events, int seed = 1, string runId = "run1")
    {
        var generator = new WorkloadGenerator(customers, seed, runId, new FakeTimeProvider(Now));
        var all = new List<Event>();
        while (all.Count < events)
        {
            all.AddRange(generator.NextBatch(500).Request.Events);
        }

        return all;
    }

    [Fact]
    public void The_same_seed_gives_the_same_events_and_another_seed_other_events()
    {
        var a = Generate(10_000, 20_000, seed: 5);
        var b = Generate(10_000, 20_000, seed: 5);
        var c = Generate(10_000, 20_000, seed: 6);

        Assert.Equal(a.Select(e => e.ToByteString()), b.Select(e => e.ToByteString()));
        Assert.NotEqual(a.Select(e => e.ToByteString()), c.Select(e => e.ToByteString()));
    }

    [Fact]
    public void Popularity_is_skewed_the_top_one_percent_get_a_large_share_and_the_tail_is_long()
    {
        var events = Generate(10_000, 200_000);
        var perCustomer = events
            .GroupBy(e => e.CustomerId.Length > 0 ? e.CustomerId : e.AnonymousId[(e.AnonymousId.LastIndexOf('-') + 1)..])
            .Select(g => g.Count())
            .OrderDescending()
            .ToList();

        var topShare = perCustomer.Take(100).Sum() / (double)events.Count;
        Assert.InRange(topShare, 0.35, 0.8);           // ~50% expected for a 1/r law over 10,000 customers
        Assert.True(perCustomer.Count > 5_000, $"long tail: only {perCustomer.Count} customers seen");
        Assert.True(perCustomer.Count(n => n <= 3) > 1_000, "many customers seen only a few times");
    }

    [Fact]
    public void Anonymous_visitors_browse_first_and_are_identified_later_by_an_event_carrying_both_ids()
    {
        var events = Generate(10_000, 100_000);
        var anonymousOnly = new HashSet<string>(events.Where(e => e.CustomerId.Length == 0).Select(e => e.AnonymousId), StringComparer.Ordinal);
        var identifying = events.Select((e, i) => (e, i)).Where(x => x.e.CustomerId.Length > 0 && x.e.AnonymousId.Length > 0).ToList();

        Assert.True(anonymousOnly.Count > 100);
        Assert.True(identifying.Count > 50);
        foreach (var (e, i) in identifying)
        {
            Assert.Equal(Event.PayloadOneofCase.Traits, e.PayloadCase);
            Assert.Contains(e.AnonymousId, anonymousOnly);
            var firstAnonymous = events.FindIndex(x => x.AnonymousId == e.AnonymousId);
            Assert.True(firstAnonymous < i, "the visitor browsed anonymously before being identified");
            Assert.DoesNotContain(events.Skip(i + 1), x => x.AnonymousId == e.AnonymousId && x.CustomerId.Length == 0);
        }
    }

    [Fact]
    public void Every_event_is_valid_and_a_known_customer_starts_with_traits()
    {
        var events = Generate(5_000, 100_000);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            Assert.StartsWith("run1-", e.EventId, StringComparison.Ordinal);
            Assert.True(e.CustomerId.Length > 0 || e.AnonymousId.Length > 0);
            Assert.Equal(Now, e.OccurredAt.ToDateTimeOffset());
            Assert.NotEqual(Event.PayloadOneofCase.None, e.PayloadCase);
            if (e.CustomerId.Length > 0 && seen.Add(e.CustomerId))
            {
                Assert.Equal(Event.PayloadOneofCase.Traits, e.PayloadCase);
                Assert.True(e.Traits.HasEmail && e.Traits.HasPhone && e.Traits.HasSector && e.Traits.HasCompanySize);
            }

            if (e.PayloadCase == Event.PayloadOneofCase.Purchase)
            {
                Assert.True(e.Purchase.Amount > 0);
                Assert.NotEmpty(e.Purchase.Items);
                Assert.Equal(Math.Round(e.Purchase.Items.Sum(i => i.Quantity * i.UnitPrice), 2), e.Purchase.Amount, 6);
            }
        }
    }

    [Fact]
    public void The_mix_holds_every_kind_of_activity()
    {
        var events = Generate(5_000, 100_000);
        Assert.Contains(events, e => e.PageView?.Category == "pricing");
        Assert.Contains(events, e => e.PageView is { } p && p.Category != "pricing");
        Assert.Contains(events, e => e.FormFilled is not null);
        Assert.Contains(events, e => e.ContentDownloaded is not null);
        Assert.Contains(events, e => e.Click is not null);
        Assert.Contains(events, e => e.Email?.Action == EmailAction.Opened);
        Assert.Contains(events, e => e.Email?.Action == EmailAction.Clicked);
        Assert.Contains(events, e => e.Email?.Action == EmailAction.Ignored);
        Assert.Contains(events, e => e.Purchase?.Items.All(i => i.FullPrice) == true);
        Assert.Contains(events, e => e.Purchase?.Items.All(i => !i.FullPrice) == true);

        var complaints = events.Count(e => e.Complaint is not null);
        var purchases = events.Count(e => e.Purchase is not null);
        Assert.InRange(complaints, 1, events.Count / 100);   // rare
        Assert.True(purchases > complaints * 5);
    }

    [Fact]
    public void FirstActive_names_each_customer_once_in_the_batch_of_its_first_event_other_than_traits_or_its_identification()
    {
        var generator = new WorkloadGenerator(10_000, 3, "run1", new FakeTimeProvider(Now));
        var active = new HashSet<string>(StringComparer.Ordinal);
        var knownInBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        var activeLater = 0;
        for (var i = 0; i < 200; i++)
        {
            var batch = generator.NextBatch(500);
            var expected = new List<string>();
            foreach (var e in batch.Request.Events.Where(e => e.CustomerId.Length > 0))
            {
                var identifying = e.PayloadCase == Event.PayloadOneofCase.Traits && e.AnonymousId.Length > 0;
                if (e.PayloadCase == Event.PayloadOneofCase.Traits && !identifying)
                {
                    knownInBatch.TryAdd(e.CustomerId, i);   // traits of a new customer: known, not active yet
                }
                else if (active.Add(e.CustomerId))
                {
                    expected.Add(e.CustomerId);
                    activeLater += knownInBatch.TryGetValue(e.CustomerId, out var known) && known < i ? 1 : 0;
                }
            }

            Assert.Equal(expected, batch.FirstActive.Select(CustomerModel.CustomerId));
        }

        // Many customers first send traits and act only in a later batch: their traits batch must not be the stamp.
        Assert.True(activeLater > 500, $"only {activeLater} customers became active after the batch that made them known");
    }

    [Fact]
    public void Touch_batches_make_customers_known_but_not_active()
    {
        var generator = new WorkloadGenerator(1_000, 1, "touch", new FakeTimeProvider(Now));
        var batch = generator.NextTouchBatch(500);

        Assert.Equal(500, batch.NewlyKnown.Count);
        Assert.Empty(batch.FirstActive);
    }

    [Fact]
    public void Touch_batches_send_each_customer_one_traits_event_in_order_then_nothing()
    {
        var generator = new WorkloadGenerator(1_200, 1, "touch", new FakeTimeProvider(Now));
        var events = new List<Event>();
        for (var batch = generator.NextTouchBatch(500); batch.Request.Events.Count > 0; batch = generator.NextTouchBatch(500))
        {
            Assert.Equal(batch.Request.Events.Select(e => e.CustomerId), batch.NewlyKnown.Select(CustomerModel.CustomerId));
            events.AddRange(batch.Request.Events);
        }

        Assert.Equal(Enumerable.Range(0, 1_200).Select(CustomerModel.CustomerId), events.Select(e => e.CustomerId));
        Assert.All(events, e => Assert.Equal(Event.PayloadOneofCase.Traits, e.PayloadCase));
        Assert.Equal(1_200, generator.Model.Touched);
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }
}
