using Realtime.Contracts.V1;

namespace Realtime.Pressure;

public sealed partial class PressureState
{
    /// <summary>
    /// What became of a contact. Opens and clicks restore engagement (one adaptive step back up); ignores lower the
    /// channel's caps step by step and start a back-off after enough in a row; hard bounces, complaints and
    /// unsubscribes open suppressions; deliveries and soft bounces change nothing. A pending reservation named by
    /// <paramref name="reservationToken"/> is committed first: an outcome proves the contact happened.
    /// </summary>
    /// <param name="now">The actor's current instant.</param>
    /// <param name="occurredAt">When the outcome happened, if known: suppressions run from then (never from the future).</param>
    public void Report(
        ContactOutcome outcome, Channel channel, string? campaign, DateTimeOffset now, string? reservationToken = null, DateTimeOffset? occurredAt = null)
    {
        if (!string.IsNullOrEmpty(reservationToken))
        {
            Commit(reservationToken, now);
        }

        Advance(now.UtcTicks);
        var at = Math.Min(now.UtcTicks, (occurredAt ?? now).UtcTicks);
        var governed = Channels.IsGoverned(channel);
        switch (outcome)
        {
            case ContactOutcome.Opened or ContactOutcome.Clicked when governed:
                Engaged(channel);
                break;
            case ContactOutcome.Ignored when governed:
                Ignored(channel, campaign, at);
                break;
            case ContactOutcome.HardBounced when governed:
                HardBounced(channel, at);
                break;
            case ContactOutcome.Complained:
                Complained(channel, reason: null, campaign, at);
                break;
            case ContactOutcome.Unsubscribed:
                Unsubscribed(channel, campaign, at);
                break;
        }
    }

    /// <summary>Applies the events that matter to pressure; other events are ignored. The event's own time is used when set and not in the future.</summary>
    public void OnEvent(Event customerEvent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(customerEvent);
        var at = customerEvent.OccurredAt is { } occurred && occurred.ToDateTimeOffset() < now ? occurred.ToDateTimeOffset() : now;
        switch (customerEvent.PayloadCase)
        {
            case Event.PayloadOneofCase.Complaint: OnComplaint(customerEvent.Complaint, at, now); break;
            case Event.PayloadOneofCase.Purchase: OnPurchase(customerEvent.Purchase, at, now); break;
            case Event.PayloadOneofCase.Email: OnEmailActivity(customerEvent.Email, at, now); break;
            case Event.PayloadOneofCase.Consent: OnConsentChanged(customerEvent.Consent, at, now); break;
            case Event.PayloadOneofCase.Traits: OnTraits(customerEvent.Traits, now); break;
        }
    }

    /// <summary>A complaint silences every channel (or only its own: <see cref="SuppressionPolicy.ComplaintScope"/>) for the configured time from <paramref name="at"/>.</summary>
    public void OnComplaint(Complaint complaint, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        Advance(now.UtcTicks);
        Complained(complaint.Channel, complaint.Reason, complaint.Campaign, at.UtcTicks);
    }

    /// <summary>Each item bought at full price stops promotions of that product for the configured time from <paramref name="at"/>.</summary>
    public void OnPurchase(Purchase purchase, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(purchase);
        Advance(now.UtcTicks);
        var since = at.UtcTicks;
        foreach (var item in purchase.Items)
        {
            if (item.FullPrice && !string.IsNullOrEmpty(item.ProductId))
            {
                AddSuppression(new SuppressionEntry(
                    DenyReason.RecentFullPricePurchase,
                    Channel.Unspecified,
                    since,
                    since + _policy.Suppressions.FullPricePurchase.Ticks,
                    item.ProductId,
                    null), now.UtcTicks);
            }
        }
    }

    /// <summary>Email reactions from the event stream: the same effects as the matching <see cref="Report"/> outcomes on email.</summary>
    public void OnEmailActivity(EmailActivity activity, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Advance(now.UtcTicks);
        switch (activity.Action)
        {
            case EmailAction.Opened or EmailAction.Clicked: Engaged(Channel.Email); break;
            case EmailAction.Ignored: Ignored(Channel.Email, activity.Campaign, at.UtcTicks); break;
            case EmailAction.HardBounced: HardBounced(Channel.Email, at.UtcTicks); break;
            case EmailAction.Unsubscribed: Unsubscribed(Channel.Email, activity.Campaign, at.UtcTicks); break;
        }
    }

    /// <summary>
    /// Consent revoked suppresses the channel (unspecified: all) until granted again; a grant lifts consent and
    /// unsubscribe suppressions on its channel (unspecified: all). Any purpose counts as consent to be contacted.
    /// </summary>
    public void OnConsentChanged(ConsentChanged consent, DateTimeOffset at, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consent);
        Advance(now.UtcTicks);
        if (consent.Granted)
        {
            Lift(DenyReason.ConsentRevoked, consent.Channel);
            Lift(DenyReason.Unsubscribed, consent.Channel);
            return;
        }

        if (consent.Channel == Channel.Unspecified)
        {
            Lift(DenyReason.ConsentRevoked, Channel.Unspecified);
        }

        var purpose = string.IsNullOrEmpty(consent.Purpose) ? null : $" for {consent.Purpose}";
        AddSuppression(new SuppressionEntry(
            DenyReason.ConsentRevoked, consent.Channel, at.UtcTicks, SuppressionEntry.Never, null, purpose), now.UtcTicks);
    }

    /// <summary>A new time zone moves quiet hours; new contact data (email, phone, postal address) lifts that channel's hard bounce.</summary>
    public void OnTraits(Traits traits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(traits);
        Advance(now.UtcTicks);
        if (traits.HasTimeZone && SetTimeZone(traits.TimeZone))
        {
            _changed = true;
        }

        if (traits.HasEmail)
        {
            OnContactDataChanged(Channel.Email);
        }

        if (traits.HasPhone)
        {
            OnContactDataChanged(Channel.Sms);
            OnContactDataChanged(Channel.Phone);
        }

        if (traits.HasCountry || traits.HasCity || traits.HasPostalCode)
        {
            OnContactDataChanged(Channel.Mail);
        }
    }

    /// <summary>The channel's contact data changed (a new address, number or device): its hard bounce is lifted.</summary>
    public void OnContactDataChanged(Channel channel) => Lift(DenyReason.HardBounce, channel);

    private void Engaged(Channel channel)
    {
        var ledger = Ledger(channel);
        ledger.IgnoreRun = 0;
        if (ledger.Level > 0)
        {
            ledger.Level--;
            _changed = true;
        }
    }

    private void Ignored(Channel channel, string? campaign, long at)
    {
        var ledger = Ledger(channel);
        ledger.IgnoreRun++;
        var adaptive = _policy.AdaptiveCaps;
        if (adaptive.Enabled && ledger.IgnoreRun % adaptive.IgnoresPerStep == 0 && ledger.Level < AdaptiveCapsPolicy.MaxLevel)
        {
            ledger.Level++;
            _changed = true;
        }

        var rules = _policy.Suppressions;
        if (ledger.IgnoreRun >= rules.IgnoresBeforeBackOff)
        {
            ledger.IgnoreRun = 0;
            var last = string.IsNullOrEmpty(campaign) ? null : $" (last: {campaign})";
            AddSuppression(new SuppressionEntry(
                DenyReason.RepeatedIgnores, channel, at, at + rules.IgnoreBackOff.Ticks, null, last), at);
        }
    }

    private void HardBounced(Channel channel, long at) =>
        AddSuppression(new SuppressionEntry(DenyReason.HardBounce, channel, at, SuppressionEntry.Never, null, null), at);

    private void Complained(Channel channel, string? reason, string? campaign, long at)
    {
        var rules = _policy.Suppressions;
        var scope = rules.ComplaintScope == ComplaintScope.AllChannels || !Channels.IsGoverned(channel) ? Channel.Unspecified : channel;
        var about = string.IsNullOrEmpty(campaign) ? "" : $" about {campaign}";
        var why = string.IsNullOrEmpty(reason) ? "" : $": {reason}";
        AddSuppression(new SuppressionEntry(
            DenyReason.Complaint, scope, at, at + rules.ComplaintSilence.Ticks, null, $" on {Channels.Name(channel)}{about}{why}"), at);
    }

    private void Unsubscribed(Channel channel, string? campaign, long at)
    {
        var from = string.IsNullOrEmpty(campaign) ? null : $" from {campaign}";
        AddSuppression(new SuppressionEntry(
            DenyReason.Unsubscribed, Channels.IsGoverned(channel) ? channel : Channel.Unspecified, at, SuppressionEntry.Never, null, from), at);
    }

    /// <summary>
    /// Opens a suppression, or extends the same one (reason, channel, product) to the later end. A suppression already
    /// over (a late event) is not opened. Products beyond the policy's limit evict the one ending first.
    /// </summary>
    private void AddSuppression(SuppressionEntry entry, long now)
    {
        if (entry.Until <= now)
        {
            return;
        }

        var suppressions = _suppressions ??= new List<SuppressionEntry>(2);
        var products = 0;
        var soonestProduct = -1;
        for (var i = 0; i < suppressions.Count; i++)
        {
            var s = suppressions[i];
            if (s.Reason == entry.Reason && s.Channel == entry.Channel && s.ProductId == entry.ProductId)
            {
                if (entry.Until > s.Until)
                {
                    suppressions[i] = s with { Until = entry.Until, Note = entry.Note };
                    _changed = true;
                }

                return;
            }

            if (s.ProductId is not null)
            {
                products++;
                soonestProduct = soonestProduct < 0 || s.Until < suppressions[soonestProduct].Until ? i : soonestProduct;
            }
        }

        if (entry.ProductId is not null && products >= _policy.Suppressions.MaxProducts)
        {
            suppressions.RemoveAt(soonestProduct);
        }

        suppressions.Add(entry);
        _changed = true;
    }

    /// <summary>
    /// Closes suppressions of a reason on a channel (unspecified: on every channel). Lifting one channel out of an
    /// all-channel suppression leaves the other channels suppressed.
    /// </summary>
    private void Lift(DenyReason reason, Channel channel)
    {
        if (_suppressions is not { } suppressions)
        {
            return;
        }

        for (var i = suppressions.Count - 1; i >= 0; i--)
        {
            var s = suppressions[i];
            if (s.Reason != reason || (channel != Channel.Unspecified && s.Channel != channel && s.Channel != Channel.Unspecified))
            {
                continue;
            }

            suppressions.RemoveAt(i);
            _changed = true;
            if (s.Channel == Channel.Unspecified && channel != Channel.Unspecified)
            {
                foreach (var other in Channels.All)
                {
                    if (other != channel)
                    {
                        suppressions.Add(s with { Channel = other });
                    }
                }
            }
        }
    }
}
