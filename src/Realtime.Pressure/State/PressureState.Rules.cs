using Realtime.Contracts.V1;

namespace Realtime.Pressure;

public sealed partial class PressureState
{
    /// <summary>Which pending reservations a cap or gap counts.</summary>
    private enum Scope
    {
        Channel,
        AllChannels,
        Promotions,
    }

    /// <summary>
    /// Evaluates every rule for a request. The binding reason is the blocker lasting longest; the earliest instant is
    /// the latest end among blockers (each only frees with time), moved past quiet hours if it falls inside them.
    /// <paramref name="schedule"/> includes the minimum gaps and quiet hours (decisions and views) or leaves them out
    /// (the pushed pressure state, which tracks caps and suppressions).
    /// </summary>
    private Verdict Evaluate(Channel channel, MessageKind kind, string? productId, long now, bool schedule)
    {
        var best = Verdict.Allowed;
        if (_suppressions is { } suppressions)
        {
            foreach (var s in suppressions)
            {
                if (s.Covers(channel) && s.Until > now && KindRules.IsStoppedBy(s, kind, productId))
                {
                    Consider(ref best, new Verdict(s.Reason, s.Until, s.Channel, 0, 0, TimeSpan.Zero, s.Subject));
                }
            }
        }

        if (!KindRules.IsCounted(kind))
        {
            return best;
        }

        var ledger = _ledgers[Channels.Index(channel)];
        var rules = _policy.For(channel);
        CheckCaps(ref best, DenyReason.ChannelCap, channel, rules.Caps, ledger?.Level ?? 0, ledger?.Log, Scope.Channel, now, null);
        CheckCaps(ref best, DenyReason.GlobalCap, channel, _policy.Caps, 0, _globalLog, Scope.AllChannels, now, "cap");
        if (KindRules.IsPromotion(kind))
        {
            CheckCaps(ref best, DenyReason.GlobalCap, channel, _policy.PromotionCaps, 0, _promotionLog, Scope.Promotions, now, "promotion cap");
        }

        if (!schedule)
        {
            return best;
        }

        CheckGap(ref best, channel, rules.MinimumGap, ledger?.LastContact ?? 0, Scope.Channel, now);
        CheckGap(ref best, Channel.Unspecified, _policy.MinimumGap, _globalLastContact, Scope.AllChannels, now);

        var quiet = _policy.QuietHoursFor(channel);
        if (quiet.IsEmpty)
        {
            return best;
        }

        if (best.IsAllowed)
        {
            var end = QuietEnd(now, quiet);
            return end == now ? best : new Verdict(DenyReason.QuietHours, end, channel, 0, 0, TimeSpan.Zero, null, quiet);
        }

        return best.Earliest == SuppressionEntry.Never ? best : best with { Earliest = QuietEnd(best.Earliest, quiet) };
    }

    private static void Consider(ref Verdict best, in Verdict blocker)
    {
        if (best.IsAllowed || blocker.Earliest > best.Earliest)
        {
            best = blocker;
        }
    }

    private void CheckCaps(
        ref Verdict best, DenyReason reason, Channel channel, WindowCaps caps, int level, ContactLog? log, Scope scope, long now, string? text)
    {
        if (caps.IsEmpty)
        {
            return;
        }

        CheckWindow(ref best, reason, channel, caps.Day, level, WindowCaps.DayWindow, log, scope, now, text);
        CheckWindow(ref best, reason, channel, caps.Week, level, WindowCaps.WeekWindow, log, scope, now, text);
        CheckWindow(ref best, reason, channel, caps.Month, level, WindowCaps.MonthWindow, log, scope, now, text);
    }

    /// <summary>
    /// At most <paramref name="normalCap"/> (scaled by engagement) contacts and pending reservations in the window
    /// ending now. When full, it frees when enough of them leave: a contact at t leaves at t + window, a reservation
    /// at its expiry; the (n - cap + 1)-th departure is the exact instant.
    /// </summary>
    private void CheckWindow(
        ref Verdict best, DenyReason reason, Channel channel, int? normalCap, int level, TimeSpan window, ContactLog? log, Scope scope, long now, string? text)
    {
        if (normalCap is not { } normal)
        {
            return;
        }

        var cap = reason == DenyReason.ChannelCap ? _policy.AdaptiveCaps.Scale(normal, level) : normal;
        var windowStart = now - window.Ticks;
        var inLog = log?.CountAfter(windowStart) ?? 0;
        var pending = 0;
        if (_reservations is { } reservations)
        {
            foreach (var r in reservations)
            {
                pending += Counts(r, scope, channel) && r.ReservedAt > windowStart ? 1 : 0;
            }
        }

        var n = inLog + pending;
        if (n < cap)
        {
            return;
        }

        // Merge the two ascending streams of departures and take the k-th.
        var departures = n - cap + 1;
        var i = log is null ? 0 : log.Count - inLog;
        var j = 0;
        var freeAt = now;
        for (var taken = 0; taken < departures; taken++)
        {
            var fromLog = log is not null && i < log.Count ? log[i] + window.Ticks : long.MaxValue;
            var fromReservation = long.MaxValue;
            while (_reservations is not null && j < _reservations.Count)
            {
                var r = _reservations[j];
                if (Counts(r, scope, channel) && r.ReservedAt > windowStart)
                {
                    fromReservation = r.ExpiresAt;
                    break;
                }

                j++;
            }

            if (fromLog <= fromReservation)
            {
                freeAt = fromLog;
                i++;
            }
            else
            {
                freeAt = fromReservation;
                j++;
            }
        }

        Consider(ref best, new Verdict(reason, freeAt, channel, cap, normal, window, text));
    }

    /// <summary>The gap after the latest contact, or after a pending reservation until it would expire unused.</summary>
    private void CheckGap(ref Verdict best, Channel channel, TimeSpan gap, long lastContact, Scope scope, long now)
    {
        if (gap <= TimeSpan.Zero)
        {
            return;
        }

        var endsAt = lastContact == 0 ? 0 : lastContact + gap.Ticks;
        if (_reservations is { } reservations)
        {
            foreach (var r in reservations)
            {
                if (Counts(r, scope, channel))
                {
                    endsAt = Math.Max(endsAt, Math.Min(r.ExpiresAt, r.ReservedAt + gap.Ticks));
                }
            }
        }

        if (endsAt > now)
        {
            Consider(ref best, new Verdict(DenyReason.MinimumGap, endsAt, channel, 0, 0, gap, null));
        }
    }

    private static bool Counts(in Reservation r, Scope scope, Channel channel) => scope switch
    {
        Scope.Channel => r.Channel == channel && KindRules.IsCounted(r.Kind),
        Scope.AllChannels => KindRules.IsCounted(r.Kind),
        _ => KindRules.IsPromotion(r.Kind),
    };

    /// <summary>The instant itself if it is outside quiet hours, else the first instant they end, in the customer's zone.</summary>
    private long QuietEnd(long instant, QuietHours quiet)
    {
        var clock = Zone;
        var local = clock.ToLocal(instant);
        if (!quiet.Contains(TimeOnly.FromDateTime(local)))
        {
            return instant;
        }

        var end = local.Date + quiet.End.ToTimeSpan();
        if (end <= local)
        {
            end = end.AddDays(1);
        }

        return Math.Max(instant + 1, clock.FirstInstantAtOrAfter(end));
    }
}
