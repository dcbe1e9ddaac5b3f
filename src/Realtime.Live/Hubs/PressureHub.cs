using Microsoft.AspNetCore.SignalR;
using Realtime.Live.Pressure;
using Realtime.Live.Push;

namespace Realtime.Live.Hubs;

/// <summary>
/// Sending systems. After <c>Subscribe(channels)</c>, every pressure change on those channels arrives in a
/// <c>pressure</c> message within one pressure interval (docs/live-push.md).
/// </summary>
internal sealed class PressureHub(ClientRegistry<PressureHub> clients) : Hub
{
    /// <summary>
    /// Subscribes to the given channels (<c>email</c>, <c>sms</c>, <c>push</c>, <c>phone</c>, <c>mail</c>, <c>in_app</c>;
    /// empty, <c>all</c> or <c>*</c>: every channel), replacing any earlier subscription. Returns the channels now
    /// subscribed. Changes that apply to every channel reach every subscriber.
    /// </summary>
    public string[] Subscribe(string[]? channels)
    {
        var mask = PressureChannels.Parse(channels, out var error);
        if (error is not null)
        {
            throw new HubException(error);
        }

        clients.Get(Context.ConnectionId).ChannelMask = mask;
        clients.NotifyChanged();
        return PressureChannels.Names(mask);
    }

    /// <summary>Stops the pressure messages; the connection stays open.</summary>
    public void Unsubscribe()
    {
        clients.Get(Context.ConnectionId).ChannelMask = 0;
        clients.NotifyChanged();
    }
}
