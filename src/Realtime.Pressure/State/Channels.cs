using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>The six governed channels, as dense indexes for small per-channel arrays.</summary>
public static class Channels
{
    public const int Count = 6;

    /// <summary>Every governed channel, in enum order.</summary>
    public static IReadOnlyList<Channel> All { get; } =
        [Channel.Email, Channel.Sms, Channel.Push, Channel.Phone, Channel.Mail, Channel.InApp];

    public static bool IsGoverned(Channel channel) => channel is >= Channel.Email and <= Channel.InApp;

    /// <summary>The ruleset's name of a channel ("email", "in_app"...); "all channels" for unspecified.</summary>
    public static string Name(Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "sms",
        Channel.Push => "push",
        Channel.Phone => "phone",
        Channel.Mail => "mail",
        Channel.InApp => "in_app",
        _ => "all channels",
    };

    internal static int Index(Channel channel) => (int)channel - 1;

    internal static Channel At(int index) => (Channel)(index + 1);
}
