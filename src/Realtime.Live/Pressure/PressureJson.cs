using System.Text.Json;
using Realtime.Contracts.V1;

namespace Realtime.Live.Pressure;

/// <summary>The pressure hub's <c>pressure</c> payload: an array of changes (docs/live-push.md).</summary>
internal static class PressureJson
{
    public static readonly Action<Utf8JsonWriter, (List<PressureChange> Changes, int Mask)> WriteBatch = static (writer, batch) =>
    {
        writer.WriteStartArray();
        foreach (var change in batch.Changes)
        {
            if ((PressureChannels.BitOf(change.Channel) & batch.Mask) != 0)
            {
                Write(writer, change);
            }
        }

        writer.WriteEndArray();
    };

    private static void Write(Utf8JsonWriter writer, PressureChange change)
    {
        writer.WriteStartObject();
        writer.WriteString("customerId", change.CustomerId);
        writer.WriteString("channel", ProtoNames.Of(change.Channel));
        writer.WriteBoolean("allowedNow", change.AllowedNow);
        writer.WriteString("reason", ProtoNames.Of(change.Reason));
        if (change.Until is null)
        {
            writer.WriteNull("until");
        }
        else
        {
            writer.WriteString("until", change.Until.ToDateTime());
        }

        if (change.At is null)
        {
            writer.WriteNull("at");
        }
        else
        {
            writer.WriteString("at", change.At.ToDateTime());
        }

        writer.WriteEndObject();
    }
}
