using Realtime.Contracts.V1;

namespace Realtime.LoadGen.Baseline;

/// <summary>
/// The scoring a home-grown job would do per event: fixed points by event type, capped to 0..100 by the SQL
/// statement, a letter grade from the new score. Deliberately much less than the actor does (no time windows, no
/// decay, no segments, no explanation, no lifecycle), so the comparison flatters the baseline.
/// </summary>
public static class BaselineScoring
{
    public static double Points(Event e) => e.PayloadCase switch
    {
        Event.PayloadOneofCase.Traits => (e.Traits.CompanySize >= 50 ? 10 : 5) + (e.Traits.Sector.Length > 0 ? 5 : 0),
        Event.PayloadOneofCase.PageView => e.PageView.Category == "pricing" ? 5 : 1,
        Event.PayloadOneofCase.Click => 2,
        Event.PayloadOneofCase.FormFilled => e.FormFilled.FormId == "demo-request" ? 20 : 10,
        Event.PayloadOneofCase.ContentDownloaded => 5,
        Event.PayloadOneofCase.Email => e.Email.Action switch
        {
            EmailAction.Opened => 2,
            EmailAction.Clicked => 4,
            EmailAction.Ignored => -1,
            _ => 0,
        },
        Event.PayloadOneofCase.Purchase => 15,
        Event.PayloadOneofCase.Complaint => -30,
        _ => 0,
    };

    /// <summary>The row a customer's events go to: the customer id, or the anonymous id of a visitor not identified yet.</summary>
    public static string Key(Event e) => e.CustomerId.Length > 0 ? e.CustomerId : "~" + e.AnonymousId;
}
