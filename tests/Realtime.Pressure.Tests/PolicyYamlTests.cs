using Realtime.Contracts.V1;
using YamlDotNet.RepresentationModel;

namespace Realtime.Pressure.Tests;

public sealed class PolicyYamlTests
{
    private const string Example = """
        scoring:
          ignored: by this section
        contact_pressure:
          time_zone: Europe/Paris
          reservation_ttl: 2m
          minimum_gap: 2h
          caps: { day: 3, week: 10, month: 30 }
          promotion_caps: { week: 2 }
          quiet_hours: { start: "21:30", end: "08:30" }
          channels:
            email:
              caps: { day: 1, week: 4 }
              minimum_gap: 1d
            phone:
              quiet_hours: { start: "20:00", end: "09:00" }
            mail:
              caps: none
            in_app:
              quiet_hours: inherit
          suppressions:
            complaint: { silence: 60d, scope: channel }
            full_price_purchase: { duration: 45d, max_products: 8 }
            repeated_ignores: { count: 4, back_off: 2w }
          adaptive_caps:
            ignores_per_step: 3
            factor: 0.5
            floor: 0.5
        """;

    [Fact]
    public void Parse_FullSection_ReadsEverySetting()
    {
        var policy = PressurePolicy.Parse(Example);

        Assert.Equal("Europe/Paris", policy.DefaultTimeZone);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.ReservationTtl);
        Assert.Equal(TimeSpan.FromHours(2), policy.MinimumGap);
        Assert.Equal(new WindowCaps(3, 10, 30), policy.Caps);
        Assert.Equal(new WindowCaps(Week: 2), policy.PromotionCaps);
        Assert.Equal(new QuietHours(new TimeOnly(21, 30), new TimeOnly(8, 30)), policy.QuietHours);
        Assert.Equal(new WindowCaps(Day: 1, Week: 4), policy.Email.Caps);
        Assert.Equal(TimeSpan.FromDays(1), policy.Email.MinimumGap);
        Assert.Equal(new QuietHours(new TimeOnly(20, 0), new TimeOnly(9, 0)), policy.QuietHoursFor(Channel.Phone));
        Assert.Equal(PressurePolicy.Default.Phone.Caps, policy.Phone.Caps);
        Assert.True(policy.Mail.Caps.IsEmpty);
        Assert.Equal(policy.QuietHours, policy.QuietHoursFor(Channel.InApp));
        Assert.Equal(PressurePolicy.Default.Sms.Caps, policy.Sms.Caps);
        Assert.Equal(TimeSpan.FromDays(60), policy.Suppressions.ComplaintSilence);
        Assert.Equal(ComplaintScope.Channel, policy.Suppressions.ComplaintScope);
        Assert.Equal(TimeSpan.FromDays(45), policy.Suppressions.FullPricePurchase);
        Assert.Equal(8, policy.Suppressions.MaxProducts);
        Assert.Equal(4, policy.Suppressions.IgnoresBeforeBackOff);
        Assert.Equal(TimeSpan.FromDays(14), policy.Suppressions.IgnoreBackOff);
        Assert.Equal(3, policy.AdaptiveCaps.IgnoresPerStep);
        Assert.Equal(0.5, policy.AdaptiveCaps.Floor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("scoring: {}\n")]
    [InlineData("contact_pressure:\n")]
    public void Parse_NoSettings_GivesTheDocumentedDefaults(string yaml)
    {
        var policy = PressurePolicy.Parse(yaml);

        Assert.Equal("UTC", policy.DefaultTimeZone);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.ReservationTtl);
        Assert.Equal(new WindowCaps(4, 12, 40), policy.Caps);
        Assert.Equal(new WindowCaps(Week: 3), policy.PromotionCaps);
        Assert.Equal(TimeSpan.FromHours(1), policy.MinimumGap);
        Assert.Equal(new QuietHours(new TimeOnly(22, 0), new TimeOnly(8, 0)), policy.QuietHours);
        Assert.Equal(new WindowCaps(2, 5, 15), policy.Email.Caps);
        Assert.Equal(new WindowCaps(1, 3, 8), policy.Sms.Caps);
        Assert.Equal(new WindowCaps(2, 7, 20), policy.Push.Caps);
        Assert.Equal(new WindowCaps(1, 2, 4), policy.Phone.Caps);
        Assert.Equal(new WindowCaps(Week: 1, Month: 4), policy.Mail.Caps);
        Assert.Equal(new WindowCaps(Day: 3), policy.InApp.Caps);
        Assert.True(policy.QuietHoursFor(Channel.Mail).IsEmpty);
        Assert.Equal(TimeSpan.FromDays(30), policy.Suppressions.ComplaintSilence);
        Assert.Equal(ComplaintScope.AllChannels, policy.Suppressions.ComplaintScope);
        Assert.Equal(6, policy.Suppressions.IgnoresBeforeBackOff);
        Assert.True(policy.AdaptiveCaps.Enabled);
    }

    [Theory]
    [InlineData("contact_pressure:\n  caps: { day: 0 }\n", 2, 16, "contact_pressure.caps.day", "must be a whole number from 1")]
    [InlineData("contact_pressure:\n  minimum_gap: soon\n", 2, 16, "contact_pressure.minimum_gap", "not a duration")]
    [InlineData("contact_pressure:\n  time_zone: Mars/Base\n", 2, 14, "contact_pressure.time_zone", "unknown time zone")]
    [InlineData("contact_pressure:\n  quiet_hours: { start: \"25:00\", end: \"08:00\" }\n", 2, 25, "contact_pressure.quiet_hours.start", "not a time of day")]
    [InlineData("contact_pressure:\n  quiet_hours: { start: \"22:00\" }\n", 2, 16, "contact_pressure.quiet_hours", "needs both start and end")]
    [InlineData("contact_pressure:\n  channels:\n    fax: {}\n", 3, 5, "contact_pressure.channels.fax", "unknown channel")]
    [InlineData("contact_pressure:\n  channels:\n    email:\n      cap: { day: 1 }\n", 4, 7, "contact_pressure.channels.email.cap", "unknown setting")]
    [InlineData("contact_pressure:\n  suppressions:\n    complaint: { scope: everyone }\n", 3, 25, "contact_pressure.suppressions.complaint.scope", "all_channels or channel")]
    [InlineData("contact_pressure:\n  adaptive_caps: { factor: 1.5 }\n", 2, 28, "contact_pressure.adaptive_caps.factor", "greater than 0")]
    [InlineData("contact_pressure:\n  reservation_ttl: 2d\n", 2, 20, "contact_pressure.reservation_ttl", "must be between")]
    [InlineData("contact_pressure:\n  caps: 3\n", 2, 9, "contact_pressure.caps", "expected a mapping")]
    public void Parse_InvalidSetting_ErrorNamesLineColumnAndSetting(string yaml, int line, int column, string setting, string message)
    {
        var error = Assert.Single(Assert.Throws<PressurePolicyException>(() => PressurePolicy.Parse(yaml)).Errors);

        Assert.Equal((line, column, setting), (error.Line, error.Column, error.Setting));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SeveralErrors_ReportsThemAll()
    {
        const string yaml = "contact_pressure:\n  caps: { day: -1, week: x }\n  colour: red\n";

        Assert.False(PressurePolicy.TryParse(yaml, out _, out var errors));

        Assert.Equal(["contact_pressure.caps.day", "contact_pressure.caps.week", "contact_pressure.colour"], errors.Select(e => e.Setting));
    }

    [Fact]
    public void Parse_BrokenYaml_ErrorHasPosition()
    {
        var error = Assert.Single(Assert.Throws<PressurePolicyException>(() => PressurePolicy.Parse("contact_pressure:\n  caps: { day: 1\n")).Errors);

        Assert.Equal(3, error.Line);
        Assert.Equal("contact_pressure", error.Setting);
    }

    [Fact]
    public void FromNode_SectionOfALoadedDocument_ReadsIt()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Example));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var errors = new List<PolicyError>();

        var policy = PressurePolicy.FromNode(root.Children[new YamlScalarNode(PressurePolicy.SectionName)], errors);

        Assert.Empty(errors);
        Assert.Equal("Europe/Paris", policy.DefaultTimeZone);
    }

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("1h30m", 90)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData("0", 0)]
    public void Durations_TryParse_ReadsUnits(string text, int minutes)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMinutes(minutes), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("d")]
    [InlineData("3y")]
    [InlineData("-1d")]
    public void Durations_TryParse_RejectsNonsense(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Fact]
    public void Parse_TheDefaultsAsDocumented_EqualsDefault()
    {
        const string yaml = """
            contact_pressure:
              time_zone: UTC
              reservation_ttl: 5m
              minimum_gap: 1h
              caps: { day: 4, week: 12, month: 40 }
              promotion_caps: { week: 3 }
              quiet_hours: { start: "22:00", end: "08:00" }
              channels:
                email:  { caps: { day: 2, week: 5, month: 15 }, minimum_gap: 12h }
                sms:    { caps: { day: 1, week: 3, month: 8 },  minimum_gap: 24h }
                push:   { caps: { day: 2, week: 7, month: 20 }, minimum_gap: 4h }
                phone:  { caps: { day: 1, week: 2, month: 4 },  minimum_gap: 48h }
                mail:   { caps: { week: 1, month: 4 }, quiet_hours: none }
                in_app: { caps: { day: 3 }, quiet_hours: none }
              suppressions:
                complaint: { silence: 30d, scope: all_channels }
                full_price_purchase: { duration: 30d, max_products: 16 }
                repeated_ignores: { count: 6, back_off: 30d }
              adaptive_caps:
                enabled: true
                ignores_per_step: 2
                factor: 0.5
                floor: 0.25
            """;

        var parsed = PressurePolicy.Parse(yaml);
        var d = PressurePolicy.Default;

        Assert.Equal(Describe(d), Describe(parsed));
    }

    [Fact]
    public void Parse_AdaptiveCapsOff_Disabled()
    {
        Assert.False(PressurePolicy.Parse("contact_pressure:\n  adaptive_caps: off\n").AdaptiveCaps.Enabled);
    }

    private static string Describe(PressurePolicy p)
    {
        var channels = string.Join("; ", Channels.All.Select(c => $"{c}: {p.For(c).Caps} {p.For(c).MinimumGap} {p.QuietHoursFor(c)}"));
        var s = p.Suppressions;
        var a = p.AdaptiveCaps;
        return $"{p.DefaultTimeZone} {p.ReservationTtl} {p.MinimumGap} {p.Caps} {p.PromotionCaps} {p.QuietHours} | {channels} | "
            + $"{s.ComplaintSilence} {s.ComplaintScope} {s.FullPricePurchase} {s.MaxProducts} {s.IgnoresBeforeBackOff} {s.IgnoreBackOff} | "
            + $"{a.Enabled} {a.IgnoresPerStep} {a.Factor} {a.Floor}";
    }
}
