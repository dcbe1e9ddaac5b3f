using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>
/// One customer's contact pressure: recent contacts per channel and across channels, pending reservations, open
/// suppressions and engagement. Pure and synchronous: every operation takes the current instant and reads no clock,
/// and the owning actor runs one operation at a time, so nothing here locks. Because pending reservations count
/// against the caps, requests processed one after the other can never both take the last slot.
/// </summary>
public sealed partial class PressureState
{
    // Shared by every customer never contacted on any channel (most of a large base), and never written: the first
    // ledger gives the customer its own array (OwnLedgers).
    private static readonly ChannelLedger?[] NoLedgers = new ChannelLedger?[Channels.Count];

    private ChannelLedger?[] _ledgers = NoLedgers;
    private PressurePolicy _policy;
    private string? _timeZoneId;
    private ZoneClock? _zone;
    private ContactLog? _globalLog;
    private ContactLog? _promotionLog;
    private long _globalLastContact;
    private List<Reservation>? _reservations;
    private List<SuppressionEntry>? _suppressions;
    private uint _issued;
    private bool _changed;

    public PressureState(PressurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
    }

    public PressurePolicy Policy => _policy;

    /// <summary>The customer's IANA zone, or the policy's default while the customer has none.</summary>
    public string TimeZoneId => _timeZoneId ?? _policy.DefaultTimeZone;

    private ZoneClock Zone => _zone ?? _policy.DefaultClock;

    /// <summary>
    /// The next instant something changes by itself (a reservation expires, a suppression ends, a reached cap frees):
    /// the actor's runtime should wake the customer then and call <see cref="Advance"/>. Null when nothing is due.
    /// </summary>
    public DateTimeOffset? NextDueAt
    {
        get
        {
            var due = long.MaxValue;
            if (_reservations is { Count: > 0 } reservations)
            {
                due = reservations[0].ExpiresAt;
            }

            if (_suppressions is { } suppressions)
            {
                foreach (var s in suppressions)
                {
                    due = Math.Min(due, s.Until);
                }
            }

            foreach (var ledger in _ledgers)
            {
                if (ledger is { Published: { AllowedNow: false, Until: > 0 } published })
                {
                    due = Math.Min(due, published.Until);
                }
            }

            return due == long.MaxValue ? null : new DateTimeOffset(due, TimeSpan.Zero);
        }
    }

    /// <summary>Uses a new policy (a ruleset was published); the contacts already made are kept.</summary>
    public void ApplyPolicy(PressurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
        for (var i = 0; i < Channels.Count; i++)
        {
            if (_ledgers[i] is { Log: { } log } ledger)
            {
                var caps = policy.For(Channels.At(i)).Caps;
                ledger.Log = caps.IsEmpty ? null : log.Resized(caps.MaxCount);
            }
        }

        _globalLog = Resize(_globalLog, policy.Caps);
        _promotionLog = Resize(_promotionLog, policy.PromotionCaps);
        _changed = true;

        static ContactLog? Resize(ContactLog? log, WindowCaps caps) =>
            log is null || caps.IsEmpty ? null : log.Resized(caps.MaxCount);
    }

    /// <summary>Sets the customer's zone for quiet hours; false (and no change) for an unknown IANA id.</summary>
    public bool SetTimeZone(string ianaId)
    {
        if (string.IsNullOrEmpty(ianaId) || !TimeZones.TryFind(ianaId, out var zone))
        {
            return false;
        }

        _timeZoneId = ianaId;
        _zone = TimeZones.Clock(zone);
        return true;
    }

    /// <summary>Lets time pass: expired reservations free their slots and ended suppressions close.</summary>
    public void Advance(DateTimeOffset now) => Advance(now.UtcTicks);

    private void Advance(long now)
    {
        if (_reservations is { Count: > 0 } reservations)
        {
            // Sorted by expiry: the expired ones are at the front.
            var expired = 0;
            while (expired < reservations.Count && reservations[expired].ExpiresAt <= now)
            {
                _changed |= KindRules.IsCounted(reservations[expired].Kind);
                expired++;
            }

            if (expired > 0)
            {
                reservations.RemoveRange(0, expired);
            }
        }

        if (_suppressions is { Count: > 0 } suppressions)
        {
            for (var i = suppressions.Count - 1; i >= 0; i--)
            {
                if (suppressions[i].Until <= now)
                {
                    suppressions.RemoveAt(i);
                    _changed = true;
                }
            }
        }
    }

    private ChannelLedger Ledger(Channel channel) => OwnLedgers()[Channels.Index(channel)] ??= new ChannelLedger();

    private ChannelLedger?[] OwnLedgers() => ReferenceEquals(_ledgers, NoLedgers) ? _ledgers = new ChannelLedger?[Channels.Count] : _ledgers;

    private static void RequireGoverned(Channel channel)
    {
        if (!Channels.IsGoverned(channel))
        {
            ThrowNotGoverned(channel);
        }
    }

    private static void ThrowNotGoverned(Channel channel) =>
        throw new ArgumentOutOfRangeException(nameof(channel), channel, "A contact needs a channel: email, sms, push, phone, mail or in-app.");
}
