using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Realtime.Live.Push;

/// <summary>The connected clients of one hub, with a cached array for the push loop.</summary>
internal sealed class ClientRegistry<THub>
    where THub : Hub
{
    private readonly ConcurrentDictionary<string, LiveClient> _clients = new(StringComparer.Ordinal);
    private LiveClient[]? _snapshot;

    public event Action? Changed;

    public void Add(LiveClient client)
    {
        _clients[client.ConnectionId] = client;
        Volatile.Write(ref _snapshot, null);
        Changed?.Invoke();
    }

    public void Remove(string connectionId)
    {
        if (_clients.TryRemove(connectionId, out _))
        {
            Volatile.Write(ref _snapshot, null);
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// Drops a client that fell behind: it leaves the registry (and its queue is emptied) at once, while SignalR
    /// tears the connection down (which can take a few seconds for a peer that does not read).
    /// </summary>
    public void Drop(LiveClient client)
    {
        Remove(client.ConnectionId);
        client.Abort();
    }

    /// <summary>Tells listeners that a client's subscription changed.</summary>
    public void NotifyChanged() => Changed?.Invoke();

    public LiveClient Get(string connectionId) =>
        _clients.TryGetValue(connectionId, out var client) ? client : throw new HubException("The connection is closing.");

    /// <summary>Every client, as an array that stays valid while clients come and go.</summary>
    public LiveClient[] All()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null)
        {
            snapshot = [.. _clients.Values];
            Volatile.Write(ref _snapshot, snapshot);
        }

        return snapshot;
    }
}
