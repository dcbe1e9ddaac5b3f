using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Views;

namespace Realtime.Customers.Tests.Turns;

/// <summary>Snapshots written by earlier formats load into the current state (stored customers survive an upgrade).</summary>
public sealed class SnapshotMigrationTests
{
    // Format 1 (score history as long ms + double, stage moves with long ms), taken with the shipped ruleset v1 from a
    // customer "legacy": traits (agrifood, 70 employees) at 2026-01-05 09:00, a form at 09:01, an email opened at
    // 09:02, a purchase of 250 the next day, then woken until 2026-02-14 (decay and the 30-day silence).
    private const string Format1 =
        "VFNVQwEBAAAAAAAAAAZsZWdhY3kAAAAAAQVhQGIuYwAAAAAAAAAAgFFAAAAAAAAA+P8BCGFncmlmb29kAAAAAAAAAPj/AAAAAAAAAAA7FgsAAAAAAAEAAAAGdGVubmlzAAAAAAAAAACAemKNmwEAAIDWiJKbAQAAgZ4HLZwBAAAEAAAAAAAAAAAAAAAAIElAAUIGc2lsdmVyBIBmhsecAQAAAAAAAABAb0AJAAAAA2FueQMAAAAAAAAAgNaIkpsBAAABAAAAgNaIkpsBAAAAAAAAAAAAAAhwdXJjaGFzZQEAAAAAAAAAgNaIkpsBAAAJAAAAgNaIkpsBAAAAAAAAAEBvQAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAIAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAIAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAC2Zvcm1fZmlsbGVkAQAAAAAAAADgZGONmwEAAAAAAAASY29udGVudF9kb3dubG9hZGVkAAAAAAAAAAAAAAAAAAAAgAAAAAAMZW1haWxfb3BlbmVkAQAAAAAAAABAT2SNmwEAAAAAAAANZW1haWxfY2xpY2tlZAAAAAAAAAAAAAAAAAAAAIAAAAAACXBhZ2VfdmlldwAAAAAAAAAAAAAAAAAAAIAAAAAAEmVtYWlsX3Vuc3Vic2NyaWJlZAAAAAAAAAAAAAAAAAAAAIAAAAAAEHByb2R1Y3RfcXVlc3Rpb24AAAAAAAAAAAAAAAAAAACAAAAAAA4AAAAPc2VjdG9yX2Fncmlmb29kAQAAAAEAAAAAAAAAAA9jb21wYW55XzUwX3BsdXMBAAAAAQAAAAAAAAAAD2NvbXBhbnlfdW5kZXJfNQAAAAAAAAAAAAAAAAAOZGVjaXNpb25fbWFrZXIAAAAAAAAAAAAAAAAADGJ1ZGdldF9rbm93bgAAAAAAAAAAAAAAAAALZm9ybV9maWxsZWQBAAAAAAAAAAABAAAAAmUyEmNvbnRlbnRfZG93bmxvYWRlZAAAAAAAAAAAAAEAAAAADGVtYWlsX29wZW5lZAEAAAAABQAAAEBPZI2bAQAAAAAAAAAAAIAAAAAAAAAAgAAAAAAAAACAAAAAAAAAAIABAAAAAmUzDWVtYWlsX2NsaWNrZWQAAAAAAAUAAAAAAAAAAAAAgAAAAAAAAACAAAAAAAAAAIAAAAAAAAAAgAAAAAAAAACAAQAAAAAMcHJpY2luZ19wYWdlAAAAAAAAAAAAAQAAAAAIcHVyY2hhc2UBAAAAAAAAAAABAAAAAmU0DHVuc3Vic2NyaWJlZAAAAAAAAAAAAAEAAAAADm5vX2NvbnRhY3RfMzBkAQAAAAEAAAAAAAAAAA5ub19jb250YWN0XzkwZAAAAAAAAAAAAAAAAAACAAAACmFjdGl2ZV85MGQMdGVubmlzXzMwXzQwBAAAAOBkY42bAQAAAAAAAACARkBAT2SNmwEAAAAAAAAAgEdAgNaIkpsBAAAAAAAAAABPQICeBy2cAQAAAAAAAAAgSUADAAAAgHpijZsBAAAAAQtmaXJzdCBldmVudOBkY42bAQAAAQITZm9ybV9tYWtlc19wcm9zcGVjdIDWiJKbAQAAAgQXcHVyY2hhc2VfbWFrZXNfY3VzdG9tZXICAAAAgNaIkpsBAAANcmVjZW50X2J1eWVycwEIcHVyY2hhc2WAngctnAEAAA1yZWNlbnRfYnV5ZXJzAAR0aW1lAwAAAOBkY42bAQAAC2Zvcm1fZmlsbGVkB2NvbnRhY3QCZTJAT2SNmwEAAAxlbWFpbF9vcGVuZWQGc3ByaW5nAmUzgNaIkpsBAAAIcHVyY2hhc2UCbzQCZTQ=";

    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_format_1_snapshot_loads_with_its_score_timeline_stage_moves_and_the_rest()
    {
        var bytes = Convert.FromBase64String(Format1);
        Assert.Equal(1, bytes[4]);
        var state = StateSerializer.Deserialize(bytes, DefaultRuleset.Load());

        Assert.Equal(50.25, state.Score);
        Assert.Equal(LifecycleStage.Customer, state.Stage);
        var history = HistoryBuilder.Build(state);
        Assert.Equal(
            [(T0.AddMinutes(1), 45.0), (T0.AddMinutes(2), 47), (T0.AddDays(1), 62), (T0.AddDays(31), 50.25)],
            history.Scores.Select(p => (p.At.ToDateTimeOffset(), p.Score)));
        Assert.Equal(
            [(T0, LifecycleStage.Unspecified, LifecycleStage.Lead, "first event"),
             (T0.AddMinutes(1), LifecycleStage.Lead, LifecycleStage.Prospect, "form_makes_prospect"),
             (T0.AddDays(1), LifecycleStage.Prospect, LifecycleStage.Customer, "purchase_makes_customer")],
            history.Stages.Select(s => (s.At.ToDateTimeOffset(), s.From, s.To, s.Reason)));
        Assert.Equal(["recent_buyers", "recent_buyers"], history.Segments.Select(s => s.Segment));
        var explanation = ScoreExplainer.Explain(state, T0.AddDays(40));
        Assert.Equal(50.25, explanation.Score);
        Assert.Equal(["e2"], explanation.Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == "form_filled").EventIds);
        Assert.Equal(["purchase", "email_opened", "form_filled"], CustomerViewBuilder.Build(state, T0.AddDays(40)).LastInteractions.Select(i => i.Type));
    }

    [Fact]
    public void A_migrated_snapshot_is_written_in_the_current_format_and_round_trips()
    {
        var state = StateSerializer.Deserialize(Convert.FromBase64String(Format1), DefaultRuleset.Load());
        var bytes = StateSerializer.Serialize(state);
        Assert.Equal(2, bytes[4]);
        var again = StateSerializer.Deserialize(bytes, DefaultRuleset.Load());
        Assert.Equal(HistoryBuilder.Build(state), HistoryBuilder.Build(again));
        Assert.Equal(bytes, StateSerializer.Serialize(again));
    }
}
