using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;

namespace Realtime.Pressure;

public sealed partial class PressureState
{
    /// <summary>The open suppressions, for <c>Customers.Get</c> and agents.</summary>
    public IReadOnlyList<Suppression> GetSuppressions(DateTimeOffset now)
    {
        Advance(now.UtcTicks);
        if (_suppressions is not { Count: > 0 } suppressions)
        {
            return [];
        }

        var result = new List<Suppression>(suppressions.Count);
        foreach (var s in suppressions)
        {
            var view = new Suppression
            {
                Channel = s.Channel,
                Reason = s.Reason,
                Detail = s.Describe(),
                Since = Timestamp.FromDateTimeOffset(new DateTimeOffset(s.Since, TimeSpan.Zero)),
                ProductId = s.ProductId ?? "",
            };
            if (s.Until != SuppressionEntry.Never)
            {
                view.Until = Timestamp.FromDateTimeOffset(new DateTimeOffset(s.Until, TimeSpan.Zero));
            }

            result.Add(view);
        }

        return result;
    }

    /// <summary>
    /// Whether a marketing contact on the channel (a phone call included) is allowed now, and if not why and from when
    /// (unset: never, until an event lifts it). Counts today's (last 24 hours) contacts and pending reservations;
    /// cap_today is the day cap after engagement, 0 for none.
    /// </summary>
    public ChannelStatus GetChannelStatus(Channel channel, DateTimeOffset now)
    {
        RequireGoverned(channel);
        var at = now.UtcTicks;
        Advance(at);
        var verdict = Evaluate(channel, MessageKind.Marketing, null, at, schedule: true);
        var status = new ChannelStatus
        {
            Channel = channel,
            AllowedNow = verdict.IsAllowed,
            Reason = verdict.Reason,
            UsedToday = UsedToday(channel, at),
            CapToday = DayCap(channel),
        };
        if (!verdict.IsAllowed && verdict.Earliest != SuppressionEntry.Never)
        {
            status.NextAllowedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(verdict.Earliest, TimeSpan.Zero));
        }

        return status;
    }

    /// <summary>The status of every governed channel, in enum order.</summary>
    public IReadOnlyList<ChannelStatus> GetChannelStatuses(DateTimeOffset now)
    {
        var result = new List<ChannelStatus>(Channels.Count);
        foreach (var channel in Channels.All)
        {
            result.Add(GetChannelStatus(channel, now));
        }

        return result;
    }

    /// <summary>
    /// Whether <see cref="CollectChanges"/> may add something: a change since the last collection, or anything that
    /// ends with time (a reservation, a suppression, a reached cap), which only <see cref="CollectChanges"/> can judge
    /// against the current instant. False means there is certainly nothing to push.
    /// </summary>
    public bool MayHaveChanges => _changed || NextDueAt is not null;

    /// <summary>
    /// Adds a <see cref="PressureChange"/> for each channel whose pressure state differs from what subscribers last saw:
    /// suppressed until, cap reached until, allowed again. The pushed state covers suppressions and caps for marketing
    /// contacts; minimum gaps and quiet hours are left out (they follow from each contact and the clock, and would
    /// wake every customer twice a day), though every decision and <see cref="GetChannelStatus"/> include them.
    /// Call after each turn, and when <see cref="NextDueAt"/> is reached.
    /// </summary>
    /// <returns>How many changes were added.</returns>
    public int CollectChanges(string customerId, DateTimeOffset now, ICollection<PressureChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var at = now.UtcTicks;
        Advance(at);
        if (!_changed && !PublishedExpired(at))
        {
            return 0;
        }

        _changed = false;
        var added = 0;
        for (var i = 0; i < Channels.Count; i++)
        {
            var channel = Channels.At(i);
            var verdict = Evaluate(channel, MessageKind.Marketing, null, at, schedule: false);
            var current = verdict.IsAllowed ? PublishedStatus.Allowed : new PublishedStatus(false, verdict.Reason, verdict.Earliest);
            var previous = _ledgers[i]?.Published ?? PublishedStatus.Allowed;
            if (current == previous)
            {
                continue;
            }

            Ledger(channel).Published = current;
            var change = new PressureChange
            {
                CustomerId = customerId,
                Channel = channel,
                AllowedNow = current.AllowedNow,
                Reason = current.Reason,
                At = Timestamp.FromDateTimeOffset(now),
            };
            if (!current.AllowedNow && current.Until != SuppressionEntry.Never)
            {
                change.Until = Timestamp.FromDateTimeOffset(new DateTimeOffset(current.Until, TimeSpan.Zero));
            }

            changes.Add(change);
            added++;
        }

        return added;
    }

    private bool PublishedExpired(long now)
    {
        foreach (var ledger in _ledgers)
        {
            if (ledger is { Published: { AllowedNow: false } published } && published.Until <= now)
            {
                return true;
            }
        }

        return false;
    }

    private int UsedToday(Channel channel, long now)
    {
        var windowStart = now - WindowCaps.DayWindow.Ticks;
        var used = _ledgers[Channels.Index(channel)]?.Log?.CountAfter(windowStart) ?? 0;
        if (_reservations is { } reservations)
        {
            foreach (var r in reservations)
            {
                used += Counts(r, Scope.Channel, channel) ? 1 : 0;
            }
        }

        return used;
    }

    private int DayCap(Channel channel) =>
        _policy.For(channel).Caps.Day is { } cap ? _policy.AdaptiveCaps.Scale(cap, _ledgers[Channels.Index(channel)]?.Level ?? 0) : 0;
}
