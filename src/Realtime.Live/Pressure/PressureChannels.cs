using Realtime.Contracts.V1;

namespace Realtime.Live.Pressure;

/// <summary>Channel filters as bit masks: one bit per <see cref="Channel"/> value.</summary>
internal static class PressureChannels
{
    /// <summary>Every channel (what "all", "*" or an empty list subscribes to).</summary>
    public const int All = ~1;

    public static int BitOf(Channel channel) => channel == Channel.Unspecified ? All : 1 << (int)channel;

    /// <summary>Parses channel names (<c>email</c>, <c>sms</c>, <c>push</c>, <c>phone</c>, <c>mail</c>, <c>in_app</c>; case-insensitive).</summary>
    public static int Parse(IReadOnlyList<string>? names, out string? error)
    {
        error = null;
        if (names is null || names.Count == 0)
        {
            return All;
        }

        var mask = 0;
        foreach (var raw in names)
        {
            var name = (raw ?? "").Trim().Replace('-', '_');
            if (name is "*" || name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                return All;
            }

            var match = ProtoNames.AllChannels.FirstOrDefault(c =>
                c.Value.Equals(name, StringComparison.OrdinalIgnoreCase) || ("channel_" + c.Value).Equals(name, StringComparison.OrdinalIgnoreCase));
            if (match.Value is null)
            {
                error = $"Unknown channel '{raw}'; use {string.Join(", ", ProtoNames.AllChannels.Select(c => c.Value))} or all.";
                return 0;
            }

            mask |= BitOf(match.Key);
        }

        return mask;
    }

    public static string[] Names(int mask) =>
        mask == All ? ["all"] : [.. ProtoNames.AllChannels.Where(c => (mask & BitOf(c.Key)) != 0).Select(c => c.Value)];
}
