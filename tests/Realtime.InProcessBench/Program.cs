using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Actors;
using Realtime.Actors.Persistence;
using Realtime.Contracts.V1;
using Realtime.Customers.Aggregates;
using Realtime.Customers.Rules;
using Realtime.Customers.Turns;
using Realtime.LoadGen.Options;
using Realtime.LoadGen.Workload;
using Realtime.Server.Customers;
using Realtime.Server.Rules;

// In-process ingest: the load generator's events handed to the server's customer actors exactly as the ingest
// pipeline hands stored events to them (CustomerActors.DeliverAsync, in batches, in log order), with the default
// ruleset, the segment aggregates and the change feed, and write-behind saves to an in-memory state store. No
// network, no event log, no identity index (an identifying event goes straight to its customer, without the
// visitor merge). Events are generated before the clock starts.
// --memory: the live managed bytes each active customer costs (one traits event each, after a full compacting GC),
// which resident memory hides under GC headroom and the store's page cache.

var events = 2_000_000;
var customers = 100_000;
var batch = 4_096;
var warmup = 200_000;
var seed = 1;
var memory = false;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--events": events = Positive("--events", Next()); break;
            case "--customers": customers = Positive("--customers", Next()); break;
            case "--batch": batch = Positive("--batch", Next()); break;
            case "--warmup": warmup = Positive("--warmup", Next()); break;
            case "--seed": seed = Positive("--seed", Next()); break;
            case "--memory": memory = true; break;
            case "--help" or "-h":
                Console.WriteLine("usage: Realtime.InProcessBench [--events N (2000000)] [--customers N (100000)] [--batch N (4096)] [--warmup N (200000)] [--seed N] [--memory]");
                Console.WriteLine("  --memory: instead of the mix, one traits event for each of --customers customers, then the live managed bytes per active customer (after a full compacting GC: no GC headroom, no store)");
                return 0;
            default: throw new ArgumentException($"unknown option '{args[i]}' (see --help)");
        }
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

var clock = TimeProvider.System;
using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
var (bundle, validation) = RulesetBundle.Compile(DefaultRuleset.Yaml, 1, clock.GetUtcNow(), "bench", "default");
if (bundle is null)
{
    Console.Error.WriteLine("error: the default ruleset does not compile: " + string.Join("; ", validation.Errors.Select(e => e.Message)));
    return 1;
}

var rules = new ActiveRuleset(bundle);
var live = new CountingLiveChanges();
await using var feed = new CustomerFeed(new SegmentAggregates(bundle.Rules), live, NullLogger<CustomerFeed>.Instance);
// Only the memory mode counts the store's bytes: counting looks every write up twice, which the ingest figure must not pay.
var store = new MeasuredStateStore(new InMemoryActorStateStore(), counting: memory);
var options = new ActorRuntimeOptions();
await using var actors = new CustomerActors(store, rules, feed, clock, options, NullLoggerFactory.Instance, services.GetRequiredService<IMeterFactory>());
await actors.StartAsync(CancellationToken.None);

var generator = new WorkloadGenerator(Math.Min(customers, LoadGenOptions.MaxCustomers), seed, "inproc", clock);
long position = 0;
RoutedEvent[][] Generate(int count)
{
    var batches = new List<RoutedEvent[]>();
    var current = new List<RoutedEvent>(batch);
    while (count > 0)
    {
        foreach (var e in generator.NextBatch(Math.Min(batch, count)).Request.Events)
        {
            var target = e.CustomerId.Length > 0 ? RouteTarget.Customer(e.CustomerId) : RouteTarget.Visitor(e.AnonymousId);
            current.Add(new RoutedEvent(target, e, ++position));
            count--;
            if (current.Count == batch)
            {
                batches.Add([.. current]);
                current.Clear();
            }
        }
    }

    if (current.Count > 0)
    {
        batches.Add([.. current]);
    }

    return [.. batches];
}

async Task<(TimeSpan Wall, TimeSpan Cpu, long Events)> IngestAsync(RoutedEvent[][] batches)
{
    var cpu = Environment.CpuUsage.TotalTime;
    var started = Stopwatch.GetTimestamp();
    long sent = 0;
    foreach (var b in batches)
    {
        await actors.DeliverAsync(b, CancellationToken.None);
        sent += b.Length;
    }

    // Shard queues are FIFO: once a read queued behind everything on every shard has run, every event has.
    await Barrier(actors.Customers);
    await Barrier(actors.Visitors);
    return (Stopwatch.GetElapsedTime(started), Environment.CpuUsage.TotalTime - cpu, sent);
}

static async Task Barrier(ActorRuntime<CustomerActorState, CustomerMessage, object?, CustomerFeedItem, None> runtime)
{
    Func<CustomerActorState, object?> read = _ => null;
    var reads = Enumerable.Range(0, 256).Select(i => new ActorMessage<CustomerMessage>($"barrier-{i}", new CustomerMessage(CustomerCommand.Read, Argument: read))).ToArray();
    await runtime.DeliverAsync(reads);
}

if (memory)
{
    // Live bytes, not resident memory: what the actors hold once every customer is active and saved.
    var touch = new List<RoutedEvent[]>();
    for (var b = generator.NextTouchBatch(batch); b.Request.Events.Count > 0; b = generator.NextTouchBatch(batch))
    {
        touch.Add([.. b.Request.Events.Select(e => new RoutedEvent(RouteTarget.Customer(e.CustomerId), e, ++position))]);
    }

    var liveBefore = LiveBytes();
    await IngestAsync([.. touch]);
    touch = null;
    await actors.FlushAsync(CancellationToken.None);
    var liveBytes = LiveBytes() - liveBefore;
    var active = generator.Model.Touched;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: {active:N0} active customers, one traits event each; live managed bytes per active customer={liveBytes / Math.Max(1, active):0} (store excluded: {store.SizeInBytes / Math.Max(1, store.Count):0} bytes per saved state)"));
    await actors.StopAsync(CancellationToken.None);
    return 0;
}

var warm = Generate(warmup);
await IngestAsync(warm);
warm = null;
var measured = Generate(events);
GC.Collect();
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var pausedBefore = GC.GetTotalPauseDuration();
int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
var (wall, cpuTime, ingested) = await IngestAsync(measured);
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var paused = GC.GetTotalPauseDuration() - pausedBefore;
var collections = GC.CollectionCount(0) - collectionsBefore[0];

var rate = ingested / wall.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-process ingest: {ingested:N0} events into customer actors ({customers:N0} synthetic customers, {generator.Model.Touched:N0} touched, batches of {batch:N0}, {options.Shards} shards)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"events_per_second={rate:0} wall_s={wall.TotalSeconds:0.000} cpu_s={cpuTime.TotalSeconds:0.000} cpu_ns_per_event={cpuTime.TotalNanoseconds / ingested:0} allocated_bytes_per_event={(double)allocated / ingested:0} nproc={Environment.ProcessorCount}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"change feed: {live.CustomerChanges:N0} customer changes, {live.SegmentChanges:N0} segment changes; state store holds {store.Count:N0} saved actors"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gc: {collections} collections ({GC.CollectionCount(1) - collectionsBefore[1]} of gen1, {GC.CollectionCount(2) - collectionsBefore[2]} of gen2), paused {paused.TotalMilliseconds:0} ms in all ({paused / wall:P1} of the run), {paused.TotalMilliseconds / Math.Max(1, collections):0.0} ms per collection"));
await actors.StopAsync(CancellationToken.None);
return 0;

// The in-memory store holds every saved state: its bytes are subtracted so only what the actors keep is counted.
long LiveBytes()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetTotalMemory(forceFullCollection: false) - store.SizeInBytes;
}

static int Positive(string name, string value) =>
    int.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : throw new ArgumentException($"{name} must be a positive integer, got '{value}'");

/// <summary>The in-memory store, counting the payload bytes it holds so that the memory mode can leave them out.</summary>
internal sealed class MeasuredStateStore(InMemoryActorStateStore inner, bool counting) : IActorStateStore
{
    private long _bytes;

    public int Count => inner.Count;

    public long SizeInBytes => Interlocked.Read(ref _bytes);

    public ValueTask<StoredState?> ReadAsync(ActorId id, CancellationToken cancellationToken) => inner.ReadAsync(id, cancellationToken);

    public async ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
    {
        if (!counting)
        {
            return await inner.WriteAsync(writes, cancellationToken);
        }

        var before = writes.Sum(w => (long)(inner.Peek(w.Id)?.Payload.Length ?? 0));
        var results = await inner.WriteAsync(writes, cancellationToken);
        var after = writes.Sum(w => (long)(inner.Peek(w.Id)?.Payload.Length ?? 0));
        Interlocked.Add(ref _bytes, after - before);
        return results;
    }

    public ValueTask DeleteAsync(ActorId id, CancellationToken cancellationToken)
    {
        if (!counting)
        {
            return inner.DeleteAsync(id, cancellationToken);
        }

        Interlocked.Add(ref _bytes, -(inner.Peek(id)?.Payload.Length ?? 0));
        return inner.DeleteAsync(id, cancellationToken);
    }

    public IAsyncEnumerable<DueActor> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken) => inner.ReadDueAsync(until, cancellationToken);
}

/// <summary>The live push seam with nobody listening (as a server with no dashboard open): counts what it is told.</summary>
internal sealed class CountingLiveChanges : ILiveChanges
{
    private long _customerChanges;
    private long _segmentChanges;

    public long CustomerChanges => Interlocked.Read(ref _customerChanges);

    public long SegmentChanges => Interlocked.Read(ref _segmentChanges);

    public void CustomerChanged(string key, bool isVisitor) => Interlocked.Increment(ref _customerChanges);

    public void SegmentChanged(string key, bool isVisitor, in CustomerChange change) => Interlocked.Increment(ref _segmentChanges);

    public void PressureChanged(PressureChange change)
    {
    }

    public void EventsApplied(int count, DateTimeOffset receivedAt)
    {
    }
}
