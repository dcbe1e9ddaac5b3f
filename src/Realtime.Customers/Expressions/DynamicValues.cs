using System.Globalization;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Realtime.Customers.Expressions;

/// <summary>How open properties (protobuf <see cref="Value"/>) compare with typed values: by the other side's type.</summary>
internal static class DynamicValues
{
    public static double AsNumber(ProtoValue? value) => value?.KindCase switch
    {
        ProtoValue.KindOneofCase.NumberValue => value.NumberValue,
        ProtoValue.KindOneofCase.StringValue when double.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        ProtoValue.KindOneofCase.BoolValue => value.BoolValue ? 1 : 0,
        _ => double.NaN,
    };

    public static bool AsBool(ProtoValue? value) => value?.KindCase switch
    {
        ProtoValue.KindOneofCase.BoolValue => value.BoolValue,
        ProtoValue.KindOneofCase.StringValue => string.Equals(value.StringValue, "true", StringComparison.OrdinalIgnoreCase),
        ProtoValue.KindOneofCase.NumberValue => value.NumberValue != 0,
        _ => false,
    };

    /// <summary>The string form, without allocating for strings; numbers are compared numerically instead.</summary>
    public static string? AsText(ProtoValue? value) => value?.KindCase switch
    {
        ProtoValue.KindOneofCase.StringValue => value.StringValue,
        ProtoValue.KindOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => null,
    };

    public static bool TextEquals(string? left, string? right) =>
        string.Equals(left ?? "", right ?? "", StringComparison.OrdinalIgnoreCase);
}
