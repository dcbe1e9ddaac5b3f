using Realtime.Contracts.V1;

namespace Realtime.Pressure;

public sealed partial class PressureState
{
    /// <summary>The snapshot format written by <see cref="Serialize"/>; readers reject others.</summary>
    public const byte FormatVersion = 1;

    /// <summary>
    /// A compact, versioned binary snapshot: a version byte, then 7-bit varints. Instants are whole seconds since the
    /// Unix epoch, rounded up (a contact counts at most a second longer, never shorter), and a log's instants are
    /// deltas from the previous one. Only channels in use are written. The policy is not: it comes from the ruleset.
    /// </summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream(64);
        using var writer = new BinaryWriter(stream);
        writer.Write(FormatVersion);
        writer.Write7BitEncodedInt64(_issued);
        WriteOptional(writer, _timeZoneId);
        WriteInstant(writer, _globalLastContact);
        WriteLog(writer, _globalLog);
        WriteLog(writer, _promotionLog);

        var mask = 0;
        for (var i = 0; i < Channels.Count; i++)
        {
            mask |= _ledgers[i] is null ? 0 : 1 << i;
        }

        writer.Write((byte)mask);
        foreach (var ledger in _ledgers)
        {
            if (ledger is null)
            {
                continue;
            }

            WriteInstant(writer, ledger.LastContact);
            writer.Write7BitEncodedInt(ledger.Level);
            writer.Write7BitEncodedInt(ledger.IgnoreRun);
            writer.Write(ledger.Published.AllowedNow);
            writer.Write7BitEncodedInt((int)ledger.Published.Reason);
            WriteInstant(writer, ledger.Published.Until);
            WriteLog(writer, ledger.Log);
        }

        var reservations = _reservations ?? [];
        writer.Write7BitEncodedInt(reservations.Count);
        foreach (var r in reservations)
        {
            writer.Write(r.Token);
            writer.Write((byte)r.Channel);
            writer.Write((byte)r.Kind);
            WriteOptional(writer, r.Campaign);
            WriteInstant(writer, r.ReservedAt);
            WriteInstant(writer, r.ExpiresAt);
        }

        var suppressions = _suppressions ?? [];
        writer.Write7BitEncodedInt(suppressions.Count);
        foreach (var s in suppressions)
        {
            writer.Write7BitEncodedInt((int)s.Reason);
            writer.Write((byte)s.Channel);
            WriteInstant(writer, s.Since);
            WriteInstant(writer, s.Until);
            WriteOptional(writer, s.ProductId);
            WriteOptional(writer, s.Note);
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Restores a snapshot under the current policy (logs are resized if its caps changed).</summary>
    /// <exception cref="InvalidDataException">Not a snapshot of a known version.</exception>
    public static PressureState Deserialize(ReadOnlySpan<byte> snapshot, PressurePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (snapshot.IsEmpty || snapshot[0] != FormatVersion)
        {
            throw new InvalidDataException($"Unknown contact-pressure snapshot version {(snapshot.IsEmpty ? "(empty)" : snapshot[0])}; expected {FormatVersion}.");
        }

        try
        {
            return Read(snapshot, policy);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Truncated contact-pressure snapshot.", e);
        }
    }

    private static PressureState Read(ReadOnlySpan<byte> snapshot, PressurePolicy policy)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot.ToArray(), writable: false));
        reader.ReadByte();
        var state = new PressureState(policy) { _issued = (uint)reader.Read7BitEncodedInt64() };
        if (ReadOptional(reader) is { } zone)
        {
            state.SetTimeZone(zone);
        }

        state._globalLastContact = ReadInstant(reader);
        state._globalLog = ReadLog(reader, policy.Caps);
        state._promotionLog = ReadLog(reader, policy.PromotionCaps);

        var mask = reader.ReadByte();
        for (var i = 0; i < Channels.Count; i++)
        {
            if ((mask & (1 << i)) == 0)
            {
                continue;
            }

            state.OwnLedgers()[i] = new ChannelLedger
            {
                LastContact = ReadInstant(reader),
                Level = reader.Read7BitEncodedInt(),
                IgnoreRun = reader.Read7BitEncodedInt(),
                Published = new PublishedStatus(reader.ReadBoolean(), (DenyReason)reader.Read7BitEncodedInt(), ReadInstant(reader)),
                Log = ReadLog(reader, policy.For(Channels.At(i)).Caps),
            };
        }

        var reservations = reader.Read7BitEncodedInt();
        if (reservations > 0)
        {
            state._reservations = new List<Reservation>(reservations);
            for (var i = 0; i < reservations; i++)
            {
                var token = reader.ReadString();
                var channel = (Channel)reader.ReadByte();
                var kind = (MessageKind)reader.ReadByte();
                var campaign = ReadOptional(reader);
                var reservedAt = ReadInstant(reader);
                state._reservations.Add(new Reservation(token, channel, kind, campaign, reservedAt, ReadInstant(reader)));
            }
        }

        var suppressions = reader.Read7BitEncodedInt();
        if (suppressions > 0)
        {
            state._suppressions = new List<SuppressionEntry>(suppressions);
            for (var i = 0; i < suppressions; i++)
            {
                var reason = (DenyReason)reader.Read7BitEncodedInt();
                var channel = (Channel)reader.ReadByte();
                var since = ReadInstant(reader);
                var until = ReadInstant(reader);
                var product = ReadOptional(reader);
                state._suppressions.Add(new SuppressionEntry(reason, channel, since, until, product, ReadOptional(reader)));
            }
        }

        return state;
    }

    private static void WriteLog(BinaryWriter writer, ContactLog? log)
    {
        var count = log?.Count ?? 0;
        writer.Write7BitEncodedInt(count);
        var previous = 0L;
        for (var i = 0; i < count; i++)
        {
            var seconds = Seconds(log![i]);
            writer.Write7BitEncodedInt64(seconds - previous);
            previous = seconds;
        }
    }

    /// <summary>Reads a log into one sized for the current caps, keeping the most recent contacts.</summary>
    private static ContactLog? ReadLog(BinaryReader reader, WindowCaps caps)
    {
        var count = reader.Read7BitEncodedInt();
        var log = count == 0 || caps.IsEmpty ? null : new ContactLog(caps.MaxCount);
        var seconds = 0L;
        for (var i = 0; i < count; i++)
        {
            seconds += reader.Read7BitEncodedInt64();
            log?.Add(UnixEpochTicks + (seconds * TimeSpan.TicksPerSecond));
        }

        return log;
    }

    private static readonly long UnixEpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>Seconds since the Unix epoch, rounded up.</summary>
    private static long Seconds(long ticks) =>
        (ticks - UnixEpochTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;

    /// <summary>0 for none, 1 for never, else 2 + seconds since the Unix epoch (rounded up).</summary>
    private static void WriteInstant(BinaryWriter writer, long ticks) =>
        writer.Write7BitEncodedInt64(ticks switch
        {
            <= 0 => 0,
            long.MaxValue => 1,
            _ => 2 + Math.Max(0, Seconds(ticks)),
        });

    private static long ReadInstant(BinaryReader reader) => reader.Read7BitEncodedInt64() switch
    {
        0 => 0,
        1 => long.MaxValue,
        var code => UnixEpochTicks + ((code - 2) * TimeSpan.TicksPerSecond),
    };

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
