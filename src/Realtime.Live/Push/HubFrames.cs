using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Realtime.Live.Push;

/// <summary>
/// Builds a SignalR JSON-protocol invocation (<c>{"type":1,"target":…,"arguments":[payload]}␞</c>) with the payload
/// written straight into it, once; every client then gets the same bytes (the live hubs speak only "json").
/// </summary>
internal static class HubFrames
{
    public const string JsonProtocol = "json";
    private const byte RecordSeparator = 0x1e;

    public static SerializedHubMessage Invocation<TState>(string target, TState state, Action<Utf8JsonWriter, TState> writePayload)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type", 1);
            writer.WriteString("target", target);
            writer.WriteStartArray("arguments");
            writePayload(writer, state);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.GetSpan(1)[0] = RecordSeparator;
        buffer.Advance(1);
        return new SerializedHubMessage([new SerializedMessage(JsonProtocol, buffer.WrittenMemory)]);
    }
}
