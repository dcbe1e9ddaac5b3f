using System.Text.Json;

namespace Realtime.Live.Dashboard;

/// <summary>The dashboard hub's <c>snapshot</c> and <c>update</c> payloads (docs/live-push.md).</summary>
internal static class DashboardJson
{
    public static readonly Action<Utf8JsonWriter, DashboardState> WriteSnapshot = static (writer, state) =>
    {
        writer.WriteStartObject();
        WriteHeader(writer, state);
        writer.WriteStartArray("segments");
        foreach (var stats in state.Current.Segments)
        {
            SegmentJson.WriteStats(writer, stats);
        }

        writer.WriteEndArray();
        SegmentJson.WriteFlows(writer, "flows", state.Current.Flows);
        HistoryJson.WriteHistory(writer, state.History);
        writer.WriteEndObject();
    };

    public static readonly Action<Utf8JsonWriter, DashboardState> WriteUpdate = static (writer, state) =>
    {
        writer.WriteStartObject();
        WriteHeader(writer, state);
        writer.WriteStartArray("segments");
        foreach (var stats in state.ChangedSegments)
        {
            SegmentJson.WriteStats(writer, stats);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("removedSegments");
        foreach (var id in state.RemovedSegments)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        if (state.FlowsChanged)
        {
            SegmentJson.WriteFlows(writer, "flows", state.Current.Flows);
        }
        else
        {
            writer.WriteNull("flows");
        }

        HistoryJson.WriteAppended(writer, state.AppendedHistory);

        writer.WriteEndObject();
    };

    private static void WriteHeader(Utf8JsonWriter writer, DashboardState state)
    {
        writer.WriteString("asOf", state.AsOf.UtcDateTime);
        writer.WriteNumber("rulesetVersion", state.Current.RulesetVersion);
        writer.WriteNumber("customers", state.Customers);
        writer.WriteNumber("eventsPerSecond", state.EventsPerSecond);
        if (state.PushLatency is { } latency)
        {
            writer.WriteNumber("pushLatencyMs", Math.Round(latency.TotalMilliseconds, 3));
        }
        else
        {
            writer.WriteNull("pushLatencyMs");
        }
    }
}
