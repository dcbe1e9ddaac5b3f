using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Realtime.Pressure;

/// <summary>Turns the YAML section into a <see cref="PressurePolicy"/>, collecting every error with its position.</summary>
internal sealed class PolicyReader(ICollection<PolicyError> errors)
{
    public PressurePolicy ReadPolicy(YamlNode node, string path)
    {
        var d = PressurePolicy.Default;
        string? zone = null;
        TimeSpan? ttl = null, gap = null;
        WindowCaps? caps = null, promotionCaps = null;
        QuietHours? quiet = null;
        Dictionary<string, ChannelPolicy> channels = [];
        SuppressionPolicy? suppressions = null;
        AdaptiveCapsPolicy? adaptive = null;
        foreach (var (key, value, at, keyNode) in Entries(node, path))
        {
            switch (key)
            {
                case "time_zone": zone = ReadTimeZone(value, at); break;
                case "reservation_ttl": ttl = ReadDuration(value, at, min: TimeSpan.FromSeconds(1), max: TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1)); break;
                case "minimum_gap": gap = ReadDuration(value, at); break;
                case "caps": caps = ReadCaps(value, at); break;
                case "promotion_caps": promotionCaps = ReadCaps(value, at); break;
                case "quiet_hours": quiet = ReadQuietHours(value, at); break;
                case "channels": channels = ReadChannels(value, at); break;
                case "suppressions": suppressions = ReadSuppressions(value, at); break;
                case "adaptive_caps": adaptive = ReadAdaptive(value, at); break;
                default: Unknown(keyNode, at); break;
            }
        }

        return new PressurePolicy
        {
            DefaultTimeZone = zone ?? d.DefaultTimeZone,
            ReservationTtl = ttl ?? d.ReservationTtl,
            MinimumGap = gap ?? d.MinimumGap,
            Caps = caps ?? d.Caps,
            PromotionCaps = promotionCaps ?? d.PromotionCaps,
            QuietHours = quiet ?? d.QuietHours,
            Email = channels.GetValueOrDefault("email", d.Email),
            Sms = channels.GetValueOrDefault("sms", d.Sms),
            Push = channels.GetValueOrDefault("push", d.Push),
            Phone = channels.GetValueOrDefault("phone", d.Phone),
            Mail = channels.GetValueOrDefault("mail", d.Mail),
            InApp = channels.GetValueOrDefault("in_app", d.InApp),
            Suppressions = suppressions ?? d.Suppressions,
            AdaptiveCaps = adaptive ?? d.AdaptiveCaps,
        };
    }

    private Dictionary<string, ChannelPolicy> ReadChannels(YamlNode node, string path)
    {
        var d = PressurePolicy.Default;
        var result = new Dictionary<string, ChannelPolicy>();
        foreach (var (key, value, at, keyNode) in Entries(node, path))
        {
            var defaults = key switch
            {
                "email" => d.Email,
                "sms" => d.Sms,
                "push" => d.Push,
                "phone" => d.Phone,
                "mail" => d.Mail,
                "in_app" => d.InApp,
                _ => null,
            };
            if (defaults is null)
            {
                Error(keyNode, at, "unknown channel; expected email, sms, push, phone, mail or in_app");
                continue;
            }

            result[key] = ReadChannel(value, at, defaults);
        }

        return result;
    }

    /// <summary>A channel section replaces the channel's defaults setting by setting: unset settings keep theirs.</summary>
    private ChannelPolicy ReadChannel(YamlNode node, string path, ChannelPolicy defaults)
    {
        var caps = defaults.Caps;
        var gap = defaults.MinimumGap;
        var quiet = defaults.QuietHours;
        foreach (var (key, value, at, keyNode) in Entries(node, path))
        {
            switch (key)
            {
                case "caps": caps = ReadCaps(value, at) ?? caps; break;
                case "minimum_gap": gap = ReadDuration(value, at) ?? gap; break;
                case "quiet_hours": quiet = IsScalar(value, "inherit") ? null : ReadQuietHours(value, at) ?? quiet; break;
                default: Unknown(keyNode, at); break;
            }
        }

        return new ChannelPolicy { Caps = caps, MinimumGap = gap, QuietHours = quiet };
    }

    /// <summary>Caps replace the whole set: a window left out has no cap ("none" for no caps at all).</summary>
    private WindowCaps? ReadCaps(YamlNode node, string path)
    {
        if (IsScalar(node, "none"))
        {
            return WindowCaps.None;
        }

        int? day = null, week = null, month = null;
        var ok = true;
        foreach (var (key, value, at, keyNode) in Entries(node, path))
        {
            if (key is not ("day" or "week" or "month"))
            {
                Unknown(keyNode, at);
                ok = false;
                continue;
            }

            var cap = ReadInt(value, at, min: 1, max: 10_000);
            ok &= cap is not null;
            switch (key)
            {
                case "day": day = cap; break;
                case "week": week = cap; break;
                default: month = cap; break;
            }
        }

        return node is YamlMappingNode && ok ? new WindowCaps(day, week, month) : null;
    }

    private QuietHours? ReadQuietHours(YamlNode node, string path)
    {
        if (IsScalar(node, "none"))
        {
            return QuietHours.None;
        }

        TimeOnly? start = null, end = null;
        bool hasStart = false, hasEnd = false;
        foreach (var (key, value, at, keyNode) in Entries(node, path))
        {
            switch (key)
            {
                case "start": start = ReadTimeOfDay(value, at); hasStart = true; break;
                case "end": end = ReadTimeOfDay(value, at); hasEnd = true; break;
                default: Unknown(keyNode, at); break;
            }
        }

        if (node is YamlMappingNode && !(hasStart && hasEnd))
        {
            Error(node, path, "needs both start and end (\"HH:mm\"), or \"none\"");
        }

        return start is { } s && end is { } e ? new QuietHours(s, e) : null;
    }

    private SuppressionPolicy? ReadSuppressions(YamlNode node, string path)
    {
        var d = PressurePolicy.Default.Suppressions;
        TimeSpan? complaint = null, purchase = null, backOff = null;
        ComplaintScope? scope = null;
        int? products = null, ignores = null;
        foreach (var (key, value, at, keyNode) in Entries(node, path))
        {
            switch (key)
            {
                case "complaint":
                    foreach (var (k, v, a, kn) in Entries(value, at))
                    {
                        switch (k)
                        {
                            case "silence": complaint = ReadDuration(v, a); break;
                            case "scope": scope = ReadScope(v, a); break;
                            default: Unknown(kn, a); break;
                        }
                    }

                    break;
                case "full_price_purchase":
                    foreach (var (k, v, a, kn) in Entries(value, at))
                    {
                        switch (k)
                        {
                            case "duration": purchase = ReadDuration(v, a); break;
                            case "max_products": products = ReadInt(v, a, min: 1, max: 256); break;
                            default: Unknown(kn, a); break;
                        }
                    }

                    break;
                case "repeated_ignores":
                    foreach (var (k, v, a, kn) in Entries(value, at))
                    {
                        switch (k)
                        {
                            case "count": ignores = ReadInt(v, a, min: 1, max: 1_000); break;
                            case "back_off": backOff = ReadDuration(v, a); break;
                            default: Unknown(kn, a); break;
                        }
                    }

                    break;
                default: Unknown(keyNode, at); break;
            }
        }

        return new SuppressionPolicy
        {
            ComplaintSilence = complaint ?? d.ComplaintSilence,
            ComplaintScope = scope ?? d.ComplaintScope,
            FullPricePurchase = purchase ?? d.FullPricePurchase,
            MaxProducts = products ?? d.MaxProducts,
            IgnoresBeforeBackOff = ignores ?? d.IgnoresBeforeBackOff,
            IgnoreBackOff = backOff ?? d.IgnoreBackOff,
        };
    }

    private AdaptiveCapsPolicy? ReadAdaptive(YamlNode node, string path)
    {
        var d = PressurePolicy.Default.AdaptiveCaps;
        if (IsScalar(node, "off"))
        {
            return new AdaptiveCapsPolicy { Enabled = false };
        }

        bool? enabled = null;
        int? perStep = null;
        double? factor = null, floor = null;
        foreach (var (key, value, at, keyNode) in Entries(node, path))
        {
            switch (key)
            {
                case "enabled": enabled = ReadBool(value, at); break;
                case "ignores_per_step": perStep = ReadInt(value, at, min: 1, max: 1_000); break;
                case "factor": factor = ReadFraction(value, at, allowOne: false); break;
                case "floor": floor = ReadFraction(value, at, allowOne: true); break;
                default: Unknown(keyNode, at); break;
            }
        }

        return new AdaptiveCapsPolicy
        {
            Enabled = enabled ?? d.Enabled,
            IgnoresPerStep = perStep ?? d.IgnoresPerStep,
            Factor = factor ?? d.Factor,
            Floor = floor ?? d.Floor,
        };
    }

    private string? ReadTimeZone(YamlNode node, string path)
    {
        var text = Scalar(node, path, "an IANA time zone such as \"Europe/Paris\"");
        if (text is null)
        {
            return null;
        }

        if (!TimeZones.TryFind(text, out _))
        {
            Error(node, path, $"unknown time zone \"{text}\"; expected an IANA id such as \"Europe/Paris\"");
            return null;
        }

        return text;
    }

    private ComplaintScope? ReadScope(YamlNode node, string path)
    {
        switch (Scalar(node, path, "all_channels or channel"))
        {
            case "all_channels": return ComplaintScope.AllChannels;
            case "channel": return ComplaintScope.Channel;
            case null: return null;
            default: Error(node, path, "expected all_channels or channel"); return null;
        }
    }

    private TimeSpan? ReadDuration(YamlNode node, string path, TimeSpan? min = null, TimeSpan? max = null)
    {
        var text = Scalar(node, path, "a duration such as 30d, 12h, 90m or 45s");
        if (text is null)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var value))
        {
            Error(node, path, $"\"{text}\" is not a duration; expected a number and a unit (w, d, h, m, s), e.g. 30d or 1h30m");
            return null;
        }

        if (value < (min ?? TimeSpan.Zero) || value > (max ?? TimeSpan.FromDays(3650)))
        {
            Error(node, path, $"must be between {Durations.Format(min ?? TimeSpan.Zero)} and {Durations.Format(max ?? TimeSpan.FromDays(3650))}");
            return null;
        }

        return value;
    }

    private int? ReadInt(YamlNode node, string path, int min, int max)
    {
        var text = Scalar(node, path, "a whole number");
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(node, path, $"\"{text}\" must be a whole number from {min} to {max}");
            return null;
        }

        return value;
    }

    private double? ReadFraction(YamlNode node, string path, bool allowOne)
    {
        var text = Scalar(node, path, "a number between 0 and 1");
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || value <= 0 || value > 1 || (!allowOne && value >= 1))
        {
            Error(node, path, $"\"{text}\" must be a number greater than 0 and {(allowOne ? "at most" : "less than")} 1");
            return null;
        }

        return value;
    }

    private bool? ReadBool(YamlNode node, string path)
    {
        switch (Scalar(node, path, "true or false"))
        {
            case "true": return true;
            case "false": return false;
            case null: return null;
            default: Error(node, path, "expected true or false"); return null;
        }
    }

    private TimeOnly? ReadTimeOfDay(YamlNode node, string path)
    {
        var text = Scalar(node, path, "a time of day \"HH:mm\"");
        if (text is null)
        {
            return null;
        }

        if (!TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            Error(node, path, $"\"{text}\" is not a time of day; expected \"HH:mm\" (24-hour), e.g. \"22:00\"");
            return null;
        }

        return value;
    }

    private string? Scalar(YamlNode node, string path, string expected)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } text })
        {
            return text;
        }

        Error(node, path, $"expected {expected}");
        return null;
    }

    private static bool IsScalar(YamlNode node, string text) => node is YamlScalarNode { Value: var v } && v == text;

    /// <summary>The entries of a mapping with each one's setting path; an error if the node is not a mapping.</summary>
    private IEnumerable<(string Key, YamlNode Value, string Path, YamlNode KeyNode)> Entries(YamlNode node, string path)
    {
        if (node is not YamlMappingNode mapping)
        {
            // An empty value ("caps:") is an empty mapping, not an error.
            if (node is not YamlScalarNode { Value: null or "" })
            {
                Error(node, path, "expected a mapping of settings");
            }

            yield break;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            yield return (name, value, path + "." + name, key);
        }
    }

    private void Unknown(YamlNode node, string path) => Error(node, path, "unknown setting");

    private void Error(YamlNode node, string path, string message) =>
        errors.Add(new PolicyError((int)node.Start.Line, (int)node.Start.Column, path, message));
}
