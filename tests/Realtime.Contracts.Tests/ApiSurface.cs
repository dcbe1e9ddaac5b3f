using System.Globalization;
using System.Reflection;
using Google.Protobuf.Reflection;
using Realtime.Contracts.V1;

namespace Realtime.Contracts.Tests;

/// <summary>
/// The public API as one line per element (rpc, field, enum value), read from the descriptors compiled from protos/:
/// what a client's generated code depends on.
/// </summary>
public static class ApiSurface
{
    public static IReadOnlyList<string> Current()
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Files())
        {
            foreach (var service in file.Services)
            {
                foreach (var method in service.Methods)
                {
                    lines.Add($"rpc {service.FullName}.{method.Name}({Stream(method.IsClientStreaming)}{method.InputType.FullName}) returns ({Stream(method.IsServerStreaming)}{method.OutputType.FullName})");
                }
            }

            foreach (var message in file.MessageTypes)
            {
                AddMessage(lines, message);
            }

            foreach (var @enum in file.EnumTypes)
            {
                AddEnum(lines, @enum);
            }
        }

        return [.. lines];
    }

    /// <summary>Every .proto file of the package realtime.v1 compiled into the contracts assembly.</summary>
    private static IEnumerable<FileDescriptor> Files() =>
        typeof(Event).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(f => f.Package == "realtime.v1");

    private static void AddMessage(SortedSet<string> lines, MessageDescriptor message)
    {
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            var oneof = field.RealContainingOneof is { } o ? $" oneof {o.Name}" : "";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"field {message.FullName}.{field.Name} = {field.FieldNumber} {Label(field)}{TypeOf(field)}{oneof}"));
        }

        foreach (var nested in message.NestedTypes)
        {
            AddMessage(lines, nested);
        }

        foreach (var @enum in message.EnumTypes)
        {
            AddEnum(lines, @enum);
        }
    }

    private static void AddEnum(SortedSet<string> lines, EnumDescriptor @enum)
    {
        foreach (var value in @enum.Values)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"enum {@enum.FullName}.{value.Name} = {value.Number}"));
        }
    }

    private static string Stream(bool streaming) => streaming ? "stream " : "";

    private static string Label(FieldDescriptor field) =>
        field.IsMap ? "map " : field.IsRepeated ? "repeated " :
        field.HasPresence && field.FieldType != FieldType.Message && field.RealContainingOneof is null ? "optional " : "";

    private static string TypeOf(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message when field.IsMap => $"<{TypeOf(field.MessageType.FindFieldByNumber(1))}, {TypeOf(field.MessageType.FindFieldByNumber(2))}>",
        FieldType.Message or FieldType.Group => field.MessageType.FullName,
        FieldType.Enum => field.EnumType.FullName,
        _ => field.FieldType.ToString().ToLowerInvariant(),
    };
}
