using Realtime.Contracts.V1;

namespace Realtime.Pressure;

public sealed partial class PressureState
{
    // Crockford's base 32, lower case: no i, l, o, u to misread.
    private const string TokenAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int TokenNoiseChars = 6;

    /// <summary>
    /// Asks to contact the customer. Granted: a reservation holds the slot until it is committed, released or expires.
    /// Denied: the binding reason and the earliest instant a request like this one would be granted if nothing else
    /// happened, exactly (the oldest contact leaving its window, a gap or a suppression ending, quiet hours ending).
    /// </summary>
    /// <param name="campaign">Kept on the reservation for outcome reports; optional.</param>
    /// <param name="productId">The promoted product, if any: checked against recent full-price purchases.</param>
    public PressureDecision Request(Channel channel, MessageKind kind, string? campaign, string? productId, DateTimeOffset now)
    {
        RequireGoverned(channel);
        var at = now.UtcTicks;
        Advance(at);
        kind = KindRules.Normalize(kind);
        var verdict = Evaluate(channel, kind, productId, at, schedule: true);
        if (!verdict.IsAllowed)
        {
            return PressureDecision.Deny(verdict, TimeZoneId);
        }

        var reservation = new Reservation(NewToken(), channel, kind, campaign, at, at + _policy.ReservationTtl.Ticks);
        var reservations = _reservations ??= new List<Reservation>(2);
        var i = reservations.Count;
        while (i > 0 && reservations[i - 1].ExpiresAt > reservation.ExpiresAt)
        {
            i--;
        }

        reservations.Insert(i, reservation);
        _changed |= KindRules.IsCounted(kind);
        return PressureDecision.Grant(reservation.Token, new DateTimeOffset(reservation.ExpiresAt, TimeSpan.Zero));
    }

    /// <summary>The reserved contact happened: it now counts as a contact made at <paramref name="now"/>.</summary>
    /// <returns>False when the token is unknown, already committed or released, or expired.</returns>
    public bool Commit(string token, DateTimeOffset now)
    {
        var at = now.UtcTicks;
        Advance(at);
        var index = FindReservation(token);
        if (index < 0)
        {
            return false;
        }

        var reservation = _reservations![index];
        _reservations.RemoveAt(index);
        if (KindRules.IsCounted(reservation.Kind))
        {
            RecordContact(reservation.Channel, reservation.Kind, Math.Max(at, reservation.ReservedAt));
        }

        return true;
    }

    /// <summary>The reserved contact will not happen: its slot is free again at once.</summary>
    /// <returns>False when the token is unknown, already committed or released, or expired.</returns>
    public bool Release(string token, DateTimeOffset now)
    {
        Advance(now.UtcTicks);
        var index = FindReservation(token);
        if (index < 0)
        {
            return false;
        }

        _changed |= KindRules.IsCounted(_reservations![index].Kind);
        _reservations.RemoveAt(index);
        return true;
    }

    /// <summary>Reservations not yet committed, released or expired (as of the last operation).</summary>
    public int PendingReservations => _reservations?.Count ?? 0;

    private int FindReservation(string token)
    {
        if (_reservations is { } reservations && !string.IsNullOrEmpty(token))
        {
            for (var i = 0; i < reservations.Count; i++)
            {
                if (string.Equals(reservations[i].Token, token, StringComparison.Ordinal))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private void RecordContact(Channel channel, MessageKind kind, long at)
    {
        var ledger = Ledger(channel);
        var caps = _policy.For(channel).Caps;
        if (!caps.IsEmpty)
        {
            (ledger.Log ??= new ContactLog(caps.MaxCount)).Add(at);
        }

        ledger.LastContact = Math.Max(ledger.LastContact, at);
        if (!_policy.Caps.IsEmpty)
        {
            (_globalLog ??= new ContactLog(_policy.Caps.MaxCount)).Add(at);
        }

        _globalLastContact = Math.Max(_globalLastContact, at);
        if (KindRules.IsPromotion(kind) && !_policy.PromotionCaps.IsEmpty)
        {
            (_promotionLog ??= new ContactLog(_policy.PromotionCaps.MaxCount)).Add(at);
        }

        _changed = true;
    }

    /// <summary>A short token unique within this customer: a serial number, a dash, and 30 random bits.</summary>
    private string NewToken()
    {
        var serial = ++_issued;
        var noise = (uint)Random.Shared.Next();
        var digits = 1;
        for (var rest = serial >> 5; rest != 0; rest >>= 5)
        {
            digits++;
        }

        return string.Create(digits + 1 + TokenNoiseChars, (serial, noise, digits), static (span, s) =>
        {
            var (serial, noise, digits) = s;
            for (var i = digits - 1; i >= 0; i--, serial >>= 5)
            {
                span[i] = TokenAlphabet[(int)(serial & 31)];
            }

            span[digits] = '-';
            for (var i = digits + 1; i < span.Length; i++, noise >>= 5)
            {
                span[i] = TokenAlphabet[(int)(noise & 31)];
            }
        });
    }
}
