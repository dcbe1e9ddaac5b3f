using Realtime.Contracts.V1;

namespace Realtime.Pressure;

public sealed partial class PressureState
{
    /// <summary>The snapshot format written by <see cref="Serialize"/>; readers reject others.</summary>
    public const byte FormatVersion = 1;

    /// <summary>
    /// A compact, versioned binary snapshot: a version byte, then 7-bit varints, instants in a log as deltas from the
    /// previous one. Only channels in use are written. The policy is not: it comes from the ruleset on load.
    /// </summary>
    public byte[] Serialize()
    {
        using var stream = new MemoryStream(64);
        using var writer = new BinaryWriter(stream);
        writer.Write(FormatVersion);
        writer.Write7BitEncodedInt64(_issued);
        WriteOptional(writer, _timeZoneId);
        writer.Write7BitEncodedInt64(_globalLastContact);
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

            writer.Write7BitEncodedInt64(ledger.LastContact);
            writer.Write7BitEncodedInt(ledger.Level);
            writer.Write7BitEncodedInt(ledger.IgnoreRun);
            writer.Write(ledger.Published.AllowedNow);
            writer.Write7BitEncodedInt((int)ledger.Published.Reason);
            writer.Write7BitEncodedInt64(ledger.Published.Until);
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
            writer.Write7BitEncodedInt64(r.ReservedAt);
            writer.Write7BitEncodedInt64(r.ExpiresAt - r.ReservedAt);
        }

        var suppressions = _suppressions ?? [];
        writer.Write7BitEncodedInt(suppressions.Count);
        foreach (var s in suppressions)
        {
            writer.Write7BitEncodedInt((int)s.Reason);
            writer.Write((byte)s.Channel);
            writer.Write7BitEncodedInt64(s.Since);
            writer.Write7BitEncodedInt64(s.Until == SuppressionEntry.Never ? 0 : s.Until - s.Since);
            WriteOptional(writer, s.ProductId);
            writer.Write(s.Detail);
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

        state._globalLastContact = reader.Read7BitEncodedInt64();
        state._globalLog = ReadLog(reader, policy.Caps);
        state._promotionLog = ReadLog(reader, policy.PromotionCaps);

        var mask = reader.ReadByte();
        for (var i = 0; i < Channels.Count; i++)
        {
            if ((mask & (1 << i)) == 0)
            {
                continue;
            }

            state._ledgers[i] = new ChannelLedger
            {
                LastContact = reader.Read7BitEncodedInt64(),
                Level = reader.Read7BitEncodedInt(),
                IgnoreRun = reader.Read7BitEncodedInt(),
                Published = new PublishedStatus(reader.ReadBoolean(), (DenyReason)reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt64()),
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
                var reservedAt = reader.Read7BitEncodedInt64();
                state._reservations.Add(new Reservation(token, channel, kind, campaign, reservedAt, reservedAt + reader.Read7BitEncodedInt64()));
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
                var since = reader.Read7BitEncodedInt64();
                var length = reader.Read7BitEncodedInt64();
                var product = ReadOptional(reader);
                state._suppressions.Add(new SuppressionEntry(
                    reason, channel, since, length == 0 ? SuppressionEntry.Never : since + length, product, reader.ReadString()));
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
            writer.Write7BitEncodedInt64(log![i] - previous);
            previous = log[i];
        }
    }

    /// <summary>Reads a log into one sized for the current caps, keeping the most recent contacts.</summary>
    private static ContactLog? ReadLog(BinaryReader reader, WindowCaps caps)
    {
        var count = reader.Read7BitEncodedInt();
        var log = count == 0 || caps.IsEmpty ? null : new ContactLog(caps.MaxCount);
        var instant = 0L;
        for (var i = 0; i < count; i++)
        {
            instant += reader.Read7BitEncodedInt64();
            log?.Add(instant);
        }

        return log;
    }

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
