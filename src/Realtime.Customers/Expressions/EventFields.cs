using Realtime.Contracts.V1;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Expressions;

/// <summary>
/// Fields of the event being applied, in event-triggered rules: event.type, event.props.&lt;name&gt;, and the typed
/// payloads (event.form_filled.form_id, event.purchase.amount, ...). A payload the event does not carry reads as unknown.
/// </summary>
internal static class EventFields
{
    public static Operand Compile(FieldPath path)
    {
        var p = path.Position;
        var parts = path.Parts;
        if (parts.Count == 2 && parts[1] == "type")
        {
            return Text(p, c => c.EventType);
        }

        if (parts.Count == 3 && parts[1] == "props")
        {
            var key = parts[2];
            return new Operand
            {
                Type = ExpressionType.Dynamic,
                Position = p,
                Dynamic = c => c.Event!.Properties.TryGetValue(key, out var value) ? value : null,
                Reads = ReadSet.CurrentEvent,
            };
        }

        if (parts.Count == 4 && parts[1] == "form_filled" && parts[2] == "fields")
        {
            var field = parts[3];
            return Text(p, c => c.Event!.FormFilled is { } form && form.Fields.TryGetValue(field, out var value) ? value : null);
        }

        if (parts.Count != 3)
        {
            throw Unknown(path);
        }

        return (parts[1], parts[2]) switch
        {
            ("form_filled", "form_id") => Text(p, c => c.Event!.FormFilled?.FormId),
            ("page_view", "url") => Text(p, c => c.Event!.PageView?.Url),
            ("page_view", "title") => Text(p, c => c.Event!.PageView?.Title),
            ("page_view", "product_id") => Text(p, c => c.Event!.PageView?.ProductId),
            ("page_view", "category") => Text(p, c => c.Event!.PageView?.Category),
            ("page_view", "referrer") => Text(p, c => c.Event!.PageView?.Referrer),
            ("click", "target") => Text(p, c => c.Event!.Click?.Target),
            ("click", "url") => Text(p, c => c.Event!.Click?.Url),
            ("click", "product_id") => Text(p, c => c.Event!.Click?.ProductId),
            ("click", "category") => Text(p, c => c.Event!.Click?.Category),
            ("content_downloaded", "content_id") => Text(p, c => c.Event!.ContentDownloaded?.ContentId),
            ("content_downloaded", "title") => Text(p, c => c.Event!.ContentDownloaded?.Title),
            ("content_downloaded", "category") => Text(p, c => c.Event!.ContentDownloaded?.Category),
            ("email", "campaign") => Text(p, c => c.Event!.Email?.Campaign),
            ("email", "link_url") => Text(p, c => c.Event!.Email?.LinkUrl),
            ("email", "action") => Text(p, c => c.Event!.Email is { } email ? EventTypes.EmailName(email.Action) : null),
            ("purchase", "amount") => Number(p, c => c.Event!.Purchase?.Amount ?? double.NaN),
            ("purchase", "currency") => Text(p, c => c.Event!.Purchase?.Currency),
            ("purchase", "order_id") => Text(p, c => c.Event!.Purchase?.OrderId),
            ("purchase", "promotion_code") => Text(p, c => c.Event!.Purchase?.PromotionCode),
            ("purchase", "items") => Number(p, c => c.Event!.Purchase?.Items.Count ?? double.NaN),
            ("call", "outcome") => Text(p, c => c.Event!.Call?.Outcome),
            ("call", "duration_seconds") => Number(p, c => c.Event!.Call?.DurationSeconds ?? double.NaN),
            ("complaint", "reason") => Text(p, c => c.Event!.Complaint?.Reason),
            ("questionnaire", "questionnaire_id") => Text(p, c => c.Event!.Questionnaire?.QuestionnaireId),
            ("lead_origin", "origin") => Text(p, c => c.Event!.LeadOrigin?.Origin),
            ("lead_origin", "campaign") => Text(p, c => c.Event!.LeadOrigin?.Campaign),
            _ => throw Unknown(path),
        };
    }

    private static ExpressionException Unknown(FieldPath path) =>
        new($"unknown event field '{path.Dotted}'", path.Position);

    private static Operand Text(int position, Func<EvaluationContext, string?> value) =>
        new() { Type = ExpressionType.String, Position = position, Text = value, Reads = ReadSet.CurrentEvent };

    private static Operand Number(int position, Func<EvaluationContext, double> value) =>
        new() { Type = ExpressionType.Number, Position = position, Number = value, Reads = ReadSet.CurrentEvent };
}
