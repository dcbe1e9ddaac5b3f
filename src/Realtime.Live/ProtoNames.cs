using System.Reflection;
using Google.Protobuf.Reflection;
using Realtime.Contracts.V1;

namespace Realtime.Live;

/// <summary>
/// Short, stable JSON names for proto enums: the proto name without its type prefix, lower case
/// (<c>CHANNEL_IN_APP</c> → <c>in_app</c>, <c>DENY_REASON_COMPLAINT</c> → <c>complaint</c>).
/// </summary>
internal static class ProtoNames
{
    private static readonly Dictionary<Channel, string> Channels = Build<Channel>("CHANNEL_");
    private static readonly Dictionary<DenyReason, string> Reasons = Build<DenyReason>("DENY_REASON_");
    private static readonly Dictionary<LifecycleStage, string> Stages = Build<LifecycleStage>("LIFECYCLE_STAGE_");

    public static string Of(Channel value) => Channels.TryGetValue(value, out var name) ? name : ((int)value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Of(DenyReason value) => Reasons.TryGetValue(value, out var name) ? name : ((int)value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Of(LifecycleStage value) => Stages.TryGetValue(value, out var name) ? name : ((int)value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every channel with its short name, unspecified excluded.</summary>
    public static IEnumerable<KeyValuePair<Channel, string>> AllChannels => Channels.Where(c => c.Key != Channel.Unspecified);

    private static Dictionary<T, string> Build<T>(string prefix)
        where T : struct, Enum
    {
        var names = new Dictionary<T, string>();
        foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var original = field.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? field.Name;
            var name = original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;
            names[(T)field.GetValue(null)!] = name.ToLowerInvariant();
        }

        return names;
    }
}
