using Realtime.Contracts.V1;

namespace Realtime.Customers.Turns;

/// <summary>
/// Canonical event type names: typed payloads imply their type (emails by action, e.g. "email_opened"), open
/// events use <see cref="Event.Type"/>. Names are constants, so resolving a type allocates nothing.
/// </summary>
public static class EventTypes
{
    public const string Traits = "traits";
    public const string PageView = "page_view";
    public const string Click = "click";
    public const string FormFilled = "form_filled";
    public const string ContentDownloaded = "content_downloaded";
    public const string EmailSent = "email_sent";
    public const string EmailOpened = "email_opened";
    public const string EmailClicked = "email_clicked";
    public const string EmailIgnored = "email_ignored";
    public const string EmailSoftBounced = "email_soft_bounced";
    public const string EmailHardBounced = "email_hard_bounced";
    public const string EmailUnsubscribed = "email_unsubscribed";
    public const string Email = "email";
    public const string Purchase = "purchase";
    public const string Complaint = "complaint";
    public const string Call = "call";
    public const string Questionnaire = "questionnaire_answered";
    public const string Consent = "consent_changed";
    public const string LeadOrigin = "lead_origin";
    public const string SalesStage = "sales_stage_set";

    /// <summary>Every typed name, for validating <c>on:</c> and <c>count()</c> (other names are open event types, allowed).</summary>
    public static readonly IReadOnlySet<string> Typed = new HashSet<string>(StringComparer.Ordinal)
    {
        Traits, PageView, Click, FormFilled, ContentDownloaded, EmailSent, EmailOpened, EmailClicked, EmailIgnored,
        EmailSoftBounced, EmailHardBounced, EmailUnsubscribed, Purchase, Complaint, Call, Questionnaire, Consent,
        LeadOrigin, SalesStage,
    };

    public static string NameOf(Event @event) => @event.PayloadCase switch
    {
        Event.PayloadOneofCase.Traits => Traits,
        Event.PayloadOneofCase.PageView => PageView,
        Event.PayloadOneofCase.Click => Click,
        Event.PayloadOneofCase.FormFilled => FormFilled,
        Event.PayloadOneofCase.ContentDownloaded => ContentDownloaded,
        Event.PayloadOneofCase.Email => EmailName(@event.Email.Action),
        Event.PayloadOneofCase.Purchase => Purchase,
        Event.PayloadOneofCase.Complaint => Complaint,
        Event.PayloadOneofCase.Call => Call,
        Event.PayloadOneofCase.Questionnaire => Questionnaire,
        Event.PayloadOneofCase.Consent => Consent,
        Event.PayloadOneofCase.LeadOrigin => LeadOrigin,
        Event.PayloadOneofCase.SalesStage => SalesStage,
        _ => @event.Type,
    };

    public static string EmailName(EmailAction action) => action switch
    {
        EmailAction.Sent => EmailSent,
        EmailAction.Opened => EmailOpened,
        EmailAction.Clicked => EmailClicked,
        EmailAction.Ignored => EmailIgnored,
        EmailAction.SoftBounced => EmailSoftBounced,
        EmailAction.HardBounced => EmailHardBounced,
        EmailAction.Unsubscribed => EmailUnsubscribed,
        _ => Email,
    };
}
