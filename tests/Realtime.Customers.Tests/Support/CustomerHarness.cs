using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Support;

/// <summary>One customer driven through the engine the way the actor host drives it: events, wake-ups at the due time.</summary>
internal sealed class CustomerHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public CustomerHarness(CompiledRuleset? ruleset = null, string id = "c1")
    {
        Ruleset = ruleset ?? DefaultRuleset.Load();
        State = CustomerEngine.CreateState(Ruleset, id);
        Id = id;
    }

    public string Id { get; }

    public CompiledRuleset Ruleset { get; }

    public CustomerEngine Engine { get; } = new();

    public TurnWorkspace Workspace { get; } = new();

    public CustomerState State { get; }

    public List<CustomerChange> AllChanges { get; } = [];

    public DateTimeOffset Now { get; private set; } = Start;

    public TurnResult Apply(Event e, DateTimeOffset? now = null)
    {
        Now = now ?? e.OccurredAt.ToDateTimeOffset();
        var result = Engine.Apply(Workspace, State, e, Now);
        AllChanges.AddRange(Workspace.Changes);
        return result;
    }

    public TurnResult Apply(Func<string, DateTimeOffset, Event> make, DateTimeOffset at) => Apply(make(Id, at));

    /// <summary>Runs every due wake-up up to <paramref name="until"/>, as the runtime's timer would, and returns the instants it woke at.</summary>
    public List<DateTimeOffset> AdvanceTo(DateTimeOffset until)
    {
        var woke = new List<DateTimeOffset>();
        while (State.DueAt != long.MaxValue && DateTimeOffset.FromUnixTimeMilliseconds(State.DueAt) <= until)
        {
            Now = DateTimeOffset.FromUnixTimeMilliseconds(State.DueAt);
            Engine.Wake(Workspace, State, Now);
            AllChanges.AddRange(Workspace.Changes);
            woke.Add(Now);
            if (woke.Count > 10_000)
            {
                throw new InvalidOperationException("due time does not advance");
            }
        }

        Now = until;
        return woke;
    }

    public bool InSegment(string id) => State.IsInSegment(id);

    public CustomerChange? LastSegmentChange(string id) =>
        AllChanges.LastOrDefault(c => c.Segment == id) is { Kind: ChangeKind.SegmentEntered or ChangeKind.SegmentLeft } change ? change : null;
}
