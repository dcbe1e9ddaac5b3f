using System.Text.Json;
using Realtime.Contracts.V1;

namespace Realtime.Live.Dashboard;

/// <summary>Writes segment statistics and flows as the documented camelCase JSON (docs/live-push.md).</summary>
internal static class SegmentJson
{
    public static void WriteStats(Utf8JsonWriter writer, SegmentStats stats)
    {
        writer.WriteStartObject();
        writer.WriteString("id", stats.Id);
        writer.WriteString("name", stats.Name);
        writer.WriteString("description", stats.Description);
        writer.WriteNumber("size", stats.Size);
        WriteDouble(writer, "scoreMean", stats.ScoreMean);
        WriteDouble(writer, "scoreStddev", stats.ScoreStddev);
        writer.WriteStartArray("matrix");
        foreach (var cell in stats.Matrix)
        {
            writer.WriteStartObject();
            writer.WriteString("grade", cell.Grade);
            writer.WriteString("stage", ProtoNames.Of(cell.Stage));
            writer.WriteNumber("count", cell.Count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("warnings");
        foreach (var warning in stats.Warnings)
        {
            writer.WriteStringValue(warning);
        }

        writer.WriteEndArray();
        writer.WriteNumber("enteredLastHour", stats.EnteredLastHour);
        writer.WriteNumber("leftLastHour", stats.LeftLastHour);
        writer.WriteEndObject();
    }

    public static void WriteFlows(Utf8JsonWriter writer, string property, IEnumerable<SegmentFlow> flows)
    {
        writer.WriteStartArray(property);
        foreach (var flow in flows)
        {
            writer.WriteStartObject();
            writer.WriteString("from", flow.From);
            writer.WriteString("to", flow.To);
            writer.WriteNumber("count", flow.Count);
            writer.WriteString("window", flow.Window);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>JSON has no NaN or infinity (an empty segment's stddev may be NaN): those are written as null.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, string property, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(property, value);
        }
        else
        {
            writer.WriteNull(property);
        }
    }
}
