using System.Text;
using Google.Protobuf;
using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Realtime.Customers.State;

/// <summary>
/// Versioned compact binary snapshots of a customer. Everything is written by name (event types, rules, segments,
/// tier), so a snapshot taken under one ruleset loads under another: what the new ruleset does not track is dropped,
/// what it newly tracks starts empty. After loading under a different version, call
/// <see cref="Turns.CustomerEngine.Rebind"/> to re-evaluate.
/// </summary>
public static class StateSerializer
{
    // 2: the score timeline as (int seconds, int hundredths), stage moves with int seconds, the event that made each
    // condition rule true and the last traits event's id. 1 (long ms and doubles, no such ids) is read.
    private const byte FormatVersion = 2;
    private const byte FormatVersion1 = 1;
    private const uint Magic = 0x43555354; // "CUST"

    // One reusable buffer per thread: saves serialize thousands of customers a second, and a fresh growing stream
    // per snapshot was several times the snapshot's size in garbage.
    [ThreadStatic]
    private static BinaryWriter? t_scratch;

    public static byte[] Serialize(CustomerState state) => SerializeToScratch(state).ToArray();

    /// <summary>
    /// Serializes into this thread's scratch buffer and returns it; valid until this thread's next call. Copy it
    /// (e.g. into an <see cref="System.Buffers.IBufferWriter{T}"/>) before serializing another customer.
    /// </summary>
    public static ReadOnlySpan<byte> SerializeToScratch(CustomerState state)
    {
        var writer = t_scratch ??= new BinaryWriter(new MemoryStream(2048), Encoding.UTF8);
        var stream = (MemoryStream)writer.BaseStream;
        stream.SetLength(0);
        Write(writer, state);
        writer.Flush();
        return stream.GetBuffer().AsSpan(0, (int)stream.Length);
    }

    private static void Write(BinaryWriter writer, CustomerState state)
    {
        writer.Write(Magic);
        writer.Write(FormatVersion);
        var ruleset = state.Ruleset;
        writer.Write(ruleset.Version);
        writer.Write(state.CustomerId);
        WriteStrings(writer, state.AnonymousIdList);
        WriteTraits(writer, state.Traits);
        writer.Write(state.FirstSeenAt);
        writer.Write(state.LastSeenAt);
        writer.Write(state.UpdatedAt);
        writer.Write(state.EventCount);
        writer.Write(state.Score);
        writer.Write(state.Grade);
        writer.Write(state.Tier ?? "");
        writer.Write((byte)state.Stage);
        writer.Write(state.DueAt);
        writer.Write(state.PurchaseTotal);

        // Sparse: only the types and rules this customer has any history for, and only the ring slots that hold a
        // timestamp (the reader takes what is missing as never seen, as for a type a newer ruleset added). A customer
        // with a handful of events then writes a few hundred bytes rather than every type's and rule's empty slots.
        // The entry counts are written once the entries are: each entry's history is looked at once.
        var types = ruleset.Types;
        var typeCountAt = WriteCountPlaceholder(writer);
        var typeCount = 0;
        for (var t = 0; t < types.Count; t++)
        {
            var offset = types.OffsetOf(t);
            var capacity = types.CapacityOf(t);
            var kept = CountKept(state.TypeRing, offset, capacity);
            if (state.TypeTotals[t] == 0 && state.TypeLast[t] == CustomerState.Empty && kept == 0)
            {
                continue;
            }

            typeCount++;
            writer.Write(types.NameOf(t));
            writer.Write((long)state.TypeTotals[t]);
            writer.Write(state.TypeLast[t]);
            writer.Write(kept);
            for (var i = 0; i < capacity; i++)
            {
                if (state.TypeRing[offset + i] != CustomerState.Empty)
                {
                    writer.Write(state.TypeRing[offset + i]);
                    writer.Write(t == types.PurchaseIndex ? state.PurchaseAmountAt(i) : 0);
                }
            }
        }

        PatchCount(writer, typeCountAt, typeCount);
        var ruleCountAt = WriteCountPlaceholder(writer);
        var ruleCount = 0;
        for (var r = 0; r < ruleset.Rules.Length; r++)
        {
            var rule = ruleset.Rules[r];
            var fired = CountKept(state.RuleFireRing, rule.FireOffset, rule.FireCapacity);
            if (state.RuleTimes[r] == 0 && fired == 0)
            {
                continue;
            }

            ruleCount++;
            writer.Write(rule.Id);
            writer.Write(state.RuleTimes[r]);
            writer.Write(!rule.IsEventRule && state.RuleTimes[r] != 0);
            writer.Write(fired);
            for (var i = 0; i < rule.FireCapacity; i++)
            {
                if (state.RuleFireRing[rule.FireOffset + i] != CustomerState.Empty)
                {
                    writer.Write(state.RuleFireRing[rule.FireOffset + i]);
                }
            }

            if (rule.IsEventRule)
            {
                // The rule's ring as laid out (slot order); the reader re-lays it out for its own size.
                var ids = state.ReadableRuleEventIds;
                var size = ids.Length > 0 ? ruleset.EventIdCapacities[r] : 0;
                writer.Write(size);
                for (var i = 0; i < size; i++)
                {
                    writer.Write(ids[ruleset.EventIdOffsets[r] + i] ?? "");
                }
            }
            else
            {
                // Format 2: a condition rule keeps the event that made it true (format 1 wrote none).
                writer.Write(1);
                writer.Write(state.ConditionEventIdAt(Array.IndexOf(ruleset.ConditionRules, r)) ?? "");
            }
        }

        PatchCount(writer, ruleCountAt, ruleCount);
        var members = ruleset.Segments.Where((_, i) => state.Segments.Contains(i)).Select(s => s.Id).ToArray();
        WriteStrings(writer, members);
        writer.Write(state.ScoreHistory.Count);
        for (var i = 0; i < state.ScoreHistory.Count; i++)
        {
            var point = state.ScoreHistory[i];
            writer.Write(HistorySeconds.FromUnixMs(point.At));
            writer.Write((int)Math.Round(point.Score * 100, MidpointRounding.AwayFromZero));
        }

        WriteLog(writer, state.StageHistory, (w, move) =>
        {
            var e = move.ToEntry();
            w.Write(HistorySeconds.FromUnixMs(e.At));
            w.Write((byte)e.From);
            w.Write((byte)e.To);
            w.Write(e.Reason);
        });
        WriteLog(writer, state.SegmentHistory, (w, e) => { w.Write(e.At); w.Write(e.Segment); w.Write(e.Entered); w.Write(e.Reason); });
        WriteLog(writer, state.Interactions, (w, e) => { w.Write(e.At); w.Write(e.Type); w.Write(e.Summary); w.Write(e.EventId); });
        WriteOptional(writer, state.LastTraitsEventId);
    }

    private static long WriteCountPlaceholder(BinaryWriter writer)
    {
        writer.Flush();
        var at = writer.BaseStream.Position;
        writer.Write(0);
        return at;
    }

    private static void PatchCount(BinaryWriter writer, long at, int count)
    {
        writer.Flush();
        var end = writer.BaseStream.Position;
        writer.BaseStream.Position = at;
        writer.Write(count);
        writer.Flush();
        writer.BaseStream.Position = end;
    }

    private static int CountKept(long[] ring, int offset, int capacity)
    {
        var kept = 0;
        for (var i = 0; i < capacity; i++)
        {
            kept += ring[offset + i] != CustomerState.Empty ? 1 : 0;
        }

        return kept;
    }

    /// <summary>The ruleset version a snapshot was taken under.</summary>
    public static long ReadRulesetVersion(ReadOnlySpan<byte> bytes) => BitConverter.ToInt64(bytes.Slice(5, 8));

    /// <summary>
    /// Loads a snapshot laid out for <paramref name="ruleset"/> (which may differ from the one it was taken under: then
    /// <see cref="CustomerState.NeedsRebind"/> is set).
    /// </summary>
    public static CustomerState Deserialize(byte[] bytes, CompiledRuleset ruleset)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (reader.ReadUInt32() != Magic)
        {
            throw new InvalidDataException("not a customer snapshot");
        }

        var format = reader.ReadByte();
        if (format is not (FormatVersion or FormatVersion1))
        {
            throw new InvalidDataException($"unsupported customer snapshot format {format}");
        }

        var version = reader.ReadInt64();
        var state = new CustomerState(ruleset, reader.ReadString()) { NeedsRebind = version != ruleset.Version };
        state.AnonymousIdList = ReadStrings(reader);
        ReadTraits(reader, state.Traits);
        state.FirstSeenAt = reader.ReadInt64();
        state.LastSeenAt = reader.ReadInt64();
        state.UpdatedAt = reader.ReadInt64();
        state.EventCount = reader.ReadInt64();
        state.Score = reader.ReadDouble();
        state.Grade = reader.ReadString();
        var tier = reader.ReadString();
        state.TierIndex = Array.FindIndex(ruleset.Tiers, t => t.Id == tier);
        state.Stage = (LifecycleStage)reader.ReadByte();
        state.DueAt = reader.ReadInt64();
        state.PurchaseTotal = reader.ReadDouble();

        var types = ruleset.Types;
        var typeCount = reader.ReadInt32();
        for (var t = 0; t < typeCount; t++)
        {
            var index = types.IndexOf(reader.ReadString());
            var total = reader.ReadInt64();
            var last = reader.ReadInt64();
            var capacity = reader.ReadInt32();
            if (index >= 0)
            {
                state.TypeTotals[index] = (int)Math.Min(total, int.MaxValue);
                state.TypeLast[index] = last;
            }

            for (var i = 0; i < capacity; i++)
            {
                var at = reader.ReadInt64();
                var amount = reader.ReadDouble();
                if (index < 0 || at == CustomerState.Empty || types.CapacityOf(index) == 0)
                {
                    continue;
                }

                var slot = EventHistory.OldestSlot(state.TypeRing, types.OffsetOf(index), types.CapacityOf(index));
                if (state.TypeRing[slot] < at)
                {
                    state.WritableTypeRing[slot] = at;
                    if (index == types.PurchaseIndex && (amount != 0 || state.PurchaseAmounts.Length > 0))
                    {
                        state.WritablePurchaseAmounts[slot - types.OffsetOf(index)] = amount;
                    }
                }
            }
        }

        var ruleCount = reader.ReadInt32();
        for (var r = 0; r < ruleCount; r++)
        {
            var id = reader.ReadString();
            var index = Array.FindIndex(ruleset.Rules, x => x.Id == id);
            var rule = index >= 0 ? ruleset.Rules[index] : null;
            var times = reader.ReadInt32();
            var active = reader.ReadBoolean();
            if (rule is not null)
            {
                state.RuleTimes[index] = rule.IsEventRule ? times : (active ? 1 : 0);
            }

            var fires = reader.ReadInt32();
            for (var i = 0; i < fires; i++)
            {
                var at = reader.ReadInt64();
                if (rule is { FireCapacity: > 0 } && at != CustomerState.Empty)
                {
                    EventHistory.InsertNewest(state.WritableRuleFireRing, rule.FireOffset, rule.FireCapacity, at);
                }
            }

            var ids = new string?[reader.ReadInt32()];
            for (var i = 0; i < ids.Length; i++)
            {
                var eventId = reader.ReadString();
                ids[i] = eventId.Length > 0 ? eventId : null;
            }

            if (rule is { IsEventRule: true } && ids.Length > 0)
            {
                RuleEventIdRing.Replace(state, index, [.. RuleEventIdRing.Newest(ids, 0, ids.Length, times, int.MaxValue)]);
            }
            else if (rule is { IsEventRule: false } && ids is [{ } conditionEvent] && state.RuleTimes[index] != 0)
            {
                state.WritableConditionEventIds[Array.IndexOf(ruleset.ConditionRules, index)] = conditionEvent;
            }
        }

        var segments = new SegmentSet();
        foreach (var id in ReadStrings(reader))
        {
            var index = ruleset.SegmentIndexOf(id);
            if (index >= 0)
            {
                segments = segments.With(index, true);
            }
        }

        state.Segments = segments;
        var points = reader.ReadInt32();
        for (var i = 0; i < points; i++)
        {
            var (at, score) = format == FormatVersion1
                ? (reader.ReadInt64(), reader.ReadDouble())
                : (HistorySeconds.ToUnixMs(reader.ReadInt32()), reader.ReadInt32() / 100.0);
            state.ScoreHistory.Record(at, score, coalesceMs: 0); // thins when the ruleset keeps fewer points
        }

        ReadLog(reader, ref state.StageHistory, r => new StageMove(
            format == FormatVersion1 ? r.ReadInt64() : HistorySeconds.ToUnixMs(r.ReadInt32()),
            (LifecycleStage)r.ReadByte(),
            (LifecycleStage)r.ReadByte(),
            Shared(r)));

        // Segment ids, reasons, event types and summaries repeat across customers: loaded, they share one string each.
        ReadLog(reader, ref state.SegmentHistory, r => new SegmentHistoryEntry(r.ReadInt64(), Shared(r), r.ReadBoolean(), Shared(r)));
        ReadLog(reader, ref state.Interactions, r => new InteractionEntry(r.ReadInt64(), Shared(r), Shared(r), r.ReadString()));
        if (format != FormatVersion1)
        {
            state.LastTraitsEventId = ReadOptional(reader);
        }

        return state;
    }

    private static void WriteTraits(BinaryWriter writer, CustomerTraits traits)
    {
        WriteOptional(writer, traits.Email);
        WriteOptional(writer, traits.Phone);
        WriteOptional(writer, traits.Name);
        WriteOptional(writer, traits.Role);
        writer.Write(traits.CompanySize);
        writer.Write(traits.Capital);
        WriteOptional(writer, traits.Sector);
        WriteOptional(writer, traits.WantedProduct);
        writer.Write(traits.Budget);
        writer.Write(traits.ExpectedDate);
        writer.Write(traits.BirthDayNumber);
        WriteOptional(writer, traits.Country);
        WriteOptional(writer, traits.City);
        WriteOptional(writer, traits.PostalCode);
        WriteOptional(writer, traits.TimeZone);
        WriteStrings(writer, traits.Interests);
        WriteStrings(writer, traits.PreferredCategories);
        var custom = traits.Custom;
        writer.Write(custom?.Count ?? 0);
        foreach (var (key, value) in custom ?? [])
        {
            writer.Write(key);
            var bytes = value.ToByteArray();
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    private static void ReadTraits(BinaryReader reader, CustomerTraits traits)
    {
        traits.Email = ReadOptional(reader);
        traits.Phone = ReadOptional(reader);
        traits.Name = ReadOptional(reader);
        traits.Role = SharedStrings.Share(ReadOptional(reader));
        traits.CompanySize = reader.ReadDouble();
        traits.Capital = reader.ReadDouble();
        traits.Sector = SharedStrings.Share(ReadOptional(reader));
        traits.WantedProduct = SharedStrings.Share(ReadOptional(reader));
        traits.Budget = reader.ReadDouble();
        traits.ExpectedDate = reader.ReadInt64();
        traits.BirthDayNumber = reader.ReadInt32();
        traits.Country = SharedStrings.Share(ReadOptional(reader));
        traits.City = SharedStrings.Share(ReadOptional(reader));
        traits.PostalCode = ReadOptional(reader);
        traits.TimeZone = SharedStrings.Share(ReadOptional(reader));
        traits.Interests = SharedStrings.Share(ReadStrings(reader));
        traits.PreferredCategories = SharedStrings.Share(ReadStrings(reader));
        var count = reader.ReadInt32();
        if (count > 0)
        {
            var custom = new Dictionary<string, ProtoValue>(count);
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                custom[key] = ProtoValue.Parser.ParseFrom(reader.ReadBytes(reader.ReadInt32()));
            }

            traits.Custom = custom;
        }
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static string Shared(BinaryReader reader) => SharedStrings.Share(reader.ReadString())!;

    private static void WriteStrings(BinaryWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }

    private static void WriteLog<T>(BinaryWriter writer, in BoundedLog<T> log, Action<BinaryWriter, T> write)
        where T : struct
    {
        writer.Write(log.Count);
        for (var i = 0; i < log.Count; i++)
        {
            write(writer, log[i]);
        }
    }

    private static void ReadLog<T>(BinaryReader reader, ref BoundedLog<T> log, Func<BinaryReader, T> read)
        where T : struct
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            log.Add(read(reader));
        }
    }
}
