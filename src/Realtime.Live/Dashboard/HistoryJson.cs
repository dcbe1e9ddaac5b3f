using System.Text.Json;
using Realtime.Live.History;

namespace Realtime.Live.Dashboard;

/// <summary>The segment-size history in the dashboard's <c>snapshot</c> (all of it) and <c>update</c> (points added) (docs/live-push.md).</summary>
internal static class HistoryJson
{
    public static void WriteHistory(Utf8JsonWriter writer, SegmentSizeHistory history)
    {
        writer.WriteStartArray("history");
        foreach (var ring in history.Rings)
        {
            writer.WriteStartObject();
            writer.WriteNumber("stepSeconds", ring.StepSeconds);
            writer.WriteNumber("spanSeconds", (long)ring.Span.TotalSeconds);
            writer.WriteStartArray("times");
            foreach (var at in ring.Times())
            {
                writer.WriteNumberValue(at);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("sizes");
            foreach (var id in ring.SegmentIds)
            {
                writer.WriteStartArray(id);
                foreach (var size in ring.Sizes(id))
                {
                    if (size is { } value)
                    {
                        writer.WriteNumberValue(value);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void WriteAppended(Utf8JsonWriter writer, List<SizePoint> appended)
    {
        writer.WriteStartArray("historyPoints");
        foreach (var point in appended)
        {
            writer.WriteStartObject();
            writer.WriteNumber("stepSeconds", point.StepSeconds);
            writer.WriteNumber("at", point.At);
            writer.WriteStartObject("sizes");
            foreach (var (id, size) in point.Sizes)
            {
                writer.WriteNumber(id, size);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
