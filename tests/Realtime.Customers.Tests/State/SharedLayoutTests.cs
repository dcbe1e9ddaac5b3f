using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.State;

/// <summary>
/// Customers without history share their ruleset's empty rings and logs until their first entry, and one worker's
/// undo copy serves every customer in turn: nothing of one customer may ever show in another.
/// </summary>
public sealed class SharedLayoutTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void Customers_turned_one_after_the_other_on_one_workspace_only_ever_see_their_own_events()
    {
        var ruleset = Rulesets.WithSegment("count(\"form_filled\", 30d) >= 2");
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var busy = CustomerEngine.CreateState(ruleset, "busy");
        var quiet = CustomerEngine.CreateState(ruleset, "quiet");
        var late = CustomerEngine.CreateState(ruleset, "late");

        for (var i = 0; i < 3; i++)
        {
            engine.Apply(workspace, busy, Events.Form("busy", T0.AddMinutes(i)), T0.AddMinutes(i));
            engine.Apply(workspace, quiet, Events.Traits("quiet", T0.AddMinutes(i), t => t.Sector = "retail"), T0.AddMinutes(i));
        }

        Assert.True(busy.IsInSegment("s"));
        Assert.Equal(3, busy.TotalOf("form_filled"));
        Assert.False(quiet.IsInSegment("s"));
        Assert.Equal(0, quiet.TotalOf("form_filled"));

        // A customer created after others recorded events starts empty, and counts its own from 0.
        engine.Apply(workspace, late, Events.Form("late", T0.AddMinutes(5)), T0.AddMinutes(5));
        Assert.False(late.IsInSegment("s"));
        engine.Apply(workspace, late, Events.Form("late", T0.AddMinutes(6)), T0.AddMinutes(6));
        Assert.True(late.IsInSegment("s"));
        Assert.False(CustomerEngine.CreateState(ruleset, "new").IsInSegment("s"));

        // The busy customer's window still holds exactly its own three forms: the last one leaves at 30 days.
        engine.Wake(workspace, busy, T0.AddDays(30).AddMinutes(1));
        Assert.False(busy.IsInSegment("s"));
    }

    [Fact]
    public void A_snapshot_of_a_customer_without_history_loads_as_one_and_records_its_own()
    {
        var ruleset = Rulesets.WithSegment("count(\"form_filled\", 30d) >= 1");
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var quiet = CustomerEngine.CreateState(ruleset, "quiet");
        engine.Apply(workspace, quiet, Events.Traits("quiet", T0, t => t.Sector = "retail"), T0);

        var loaded = StateSerializer.Deserialize(StateSerializer.Serialize(quiet), ruleset);
        engine.Apply(workspace, loaded, Events.Form("quiet", T0.AddMinutes(1)), T0.AddMinutes(1));

        Assert.True(loaded.IsInSegment("s"));
        Assert.False(CustomerEngine.CreateState(ruleset, "other").IsInSegment("s"));
        Assert.False(quiet.IsInSegment("s"));
    }
}
