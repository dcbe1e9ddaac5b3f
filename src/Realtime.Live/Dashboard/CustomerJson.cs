using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Realtime.Contracts.V1;

namespace Realtime.Live.Dashboard;

/// <summary>
/// <c>{"customerId":…,"view":…}</c>: the view in protobuf's canonical JSON mapping (lowerCamel names, enum names,
/// RFC 3339 timestamps, 64-bit integers as strings, default values included), or null when the customer is unknown.
/// </summary>
internal static class CustomerJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static readonly Action<Utf8JsonWriter, CustomerPayload> Write = static (writer, payload) =>
    {
        writer.WriteStartObject();
        writer.WriteString("customerId", payload.CustomerId);
        writer.WritePropertyName("view");
        if (payload.View is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(Formatter.Format(payload.View), skipInputValidation: true);
        }

        writer.WriteEndObject();
    };
}

/// <summary>A watched customer's view, as returned by the dashboard hub's <c>Watch</c> and pushed as <c>customer</c>.</summary>
[JsonConverter(typeof(CustomerPayloadConverter))]
internal sealed record CustomerPayload(string CustomerId, CustomerView? View);

internal sealed class CustomerPayloadConverter : JsonConverter<CustomerPayload>
{
    public override CustomerPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Customer payloads are only written.");

    public override void Write(Utf8JsonWriter writer, CustomerPayload value, JsonSerializerOptions options) => CustomerJson.Write(writer, value);
}
