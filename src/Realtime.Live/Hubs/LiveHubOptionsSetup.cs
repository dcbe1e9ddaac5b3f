using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Realtime.Live.Push;

namespace Realtime.Live.Hubs;

/// <summary>SignalR limits for the live hubs, from <see cref="LiveOptions"/>. Runs after SignalR's own defaults.</summary>
internal sealed class LiveHubOptionsSetup<THub>(IOptions<LiveOptions> options) : IConfigureOptions<HubOptions<THub>>
    where THub : Hub
{
    public void Configure(HubOptions<THub> hub)
    {
        var live = options.Value;
        // The pushes are pre-serialized JSON frames: the live hubs speak only the JSON hub protocol.
        hub.SupportedProtocols = [HubFrames.JsonProtocol];
        hub.MaximumReceiveMessageSize = live.MaximumReceiveMessageSize;
        hub.KeepAliveInterval = live.KeepAliveInterval;
        hub.ClientTimeoutInterval = live.ClientTimeoutInterval;
        hub.HandshakeTimeout = live.HandshakeTimeout;
        hub.MaximumParallelInvocationsPerClient = 1;
        hub.EnableDetailedErrors = false;
        hub.StreamBufferCapacity = 10;
    }
}
