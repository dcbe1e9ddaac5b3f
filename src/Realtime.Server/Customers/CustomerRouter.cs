using System.Collections.Concurrent;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Storage.Identity;

namespace Realtime.Server.Customers;

/// <summary>
/// Routes events to actors and keeps the identity index: an event with a customer id goes to that customer; an
/// anonymous one goes to the customer the visitor was identified as, or to the visitor's own actor. An event that
/// carries both ids identifies the visitor (the link is stored before the event is acknowledged). Email and phone
/// traits are indexed so call centres can look customers up by them.
/// </summary>
public sealed class CustomerRouter(IdentityIndex index)
{
    /// <summary>How many visitor links (and, apart, email and phone keys) the router caches before it starts over (each entry is re-read from the index on demand).</summary>
    public const int MaxCachedLinks = 1_000_000;

    // Visitor → customer links this node knows, including "not identified" ("") answers, so an anonymous event costs
    // a database look-up only the first time its visitor is seen. Bounded: past MaxCachedLinks it is emptied.
    private readonly ConcurrentDictionary<string, string> _links = new(StringComparer.Ordinal);
    private int _cachedLinks;

    // Email and phone keys this node recorded, with their customer: a customer's traits repeated on later events
    // (as identify calls do) cost no write. Bounded like the links.
    private readonly ConcurrentDictionary<IdentityKey, string> _owners = new();
    private int _cachedOwners;

    public async ValueTask<RouteTarget> RouteAsync(Event @event, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(@event.CustomerId))
        {
            return RouteTarget.Customer(@event.CustomerId);
        }

        return await VisitorTargetAsync(@event.AnonymousId, cancellationToken);
    }

    /// <summary>The customer a visitor was identified as, or the visitor's own actor (links cached, see <see cref="_links"/>).</summary>
    private async ValueTask<RouteTarget> VisitorTargetAsync(string anonymousId, CancellationToken cancellationToken)
    {
        if (!_links.TryGetValue(anonymousId, out var customerId))
        {
            customerId = await index.ResolveAsync(IdentityKeys.Anonymous(anonymousId), cancellationToken) ?? "";
            StartOverWhenFull(_links, ref _cachedLinks);
            customerId = _links.GetOrAdd(anonymousId, customerId);
        }

        return customerId.Length > 0 ? RouteTarget.Customer(customerId) : RouteTarget.Visitor(anonymousId);
    }

    /// <summary>
    /// Stores the identity keys the events carry (visitor links, emails, phones) before they are acknowledged, all
    /// of a batch in one transaction; keys this node already knows to name the same customer are not written again.
    /// Returns the anonymous ids these events newly linked to a customer (their visitors are to be merged), or null.
    /// </summary>
    public async ValueTask<HashSet<string>?> RecordIdentitiesAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken)
    {
        HashSet<string>? linked = null;
        Dictionary<IdentityKey, string>? claims = null;
        for (var i = 0; i < events.Count; i++)
        {
            var @event = events[i];
            var customerId = @event.CustomerId;
            if (string.IsNullOrEmpty(customerId))
            {
                continue;
            }

            if (!string.IsNullOrEmpty(@event.AnonymousId) && !IsLinked(@event.AnonymousId, customerId))
            {
                Claim(IdentityKeys.Anonymous(@event.AnonymousId), customerId);
                (linked ??= new HashSet<string>(StringComparer.Ordinal)).Add(@event.AnonymousId);
            }

            if (@event.Traits is { } traits)
            {
                if (traits.HasEmail && traits.Email.Length > 0)
                {
                    Claim(IdentityKeys.Email(traits.Email), customerId);
                }

                if (traits.HasPhone && traits.Phone.Length > 0)
                {
                    Claim(IdentityKeys.Phone(traits.Phone), customerId);
                }
            }
        }

        if (claims is null)
        {
            return linked;
        }

        // The last claim of a key in the batch wins, as it would have event by event.
        await index.UpsertAsync([.. claims.Select(c => new IdentityClaim(c.Value, c.Key))], cancellationToken);
        foreach (var (key, customerId) in claims)
        {
            if (key.Kind == IdentityKind.AnonymousId)
            {
                Remember(_links, ref _cachedLinks, key.Value, customerId);
            }
            else
            {
                Remember(_owners, ref _cachedOwners, key, customerId);
            }
        }

        return linked;

        void Claim(IdentityKey key, string customerId)
        {
            claims ??= [];
            if (key.Kind != IdentityKind.AnonymousId && !claims.ContainsKey(key) && _owners.TryGetValue(key, out var owner) && owner == customerId)
            {
                return;
            }

            claims[key] = customerId;
        }
    }

    /// <summary>The customer id a reference names, or NOT_FOUND naming the key that found nobody.</summary>
    public async ValueTask<string> ResolveAsync(CustomerRef reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (key, described) = reference.KeyCase switch
        {
            CustomerRef.KeyOneofCase.CustomerId when reference.CustomerId.Length > 0 => (default(IdentityKey?), reference.CustomerId),
            CustomerRef.KeyOneofCase.Email when reference.Email.Length > 0 => (IdentityKeys.Email(reference.Email), $"email '{reference.Email}'"),
            CustomerRef.KeyOneofCase.Phone when reference.Phone.Length > 0 => (IdentityKeys.Phone(reference.Phone), $"phone '{reference.Phone}'"),
            CustomerRef.KeyOneofCase.AnonymousId when reference.AnonymousId.Length > 0 => (IdentityKeys.Anonymous(reference.AnonymousId), $"anonymous id '{reference.AnonymousId}'"),
            _ => throw new RpcException(StatusCode.InvalidArgument, "customer is required: set customer_id, email, phone or anonymous_id."),
        };

        if (key is null)
        {
            return described;
        }

        // A key this node recorded names its customer without a database read (the cache follows every write and
        // erase of this node; keys stored before it started are read from the index).
        if (_owners.TryGetValue(key.Value, out var owner))
        {
            return owner;
        }

        return await index.ResolveAsync(key.Value, cancellationToken)
            ?? throw new RpcException(StatusCode.NotFound, $"No customer has {described}.");
    }

    /// <summary>The actor a reference names: an anonymous id not identified yet names its visitor's actor.</summary>
    public async ValueTask<RouteTarget> TargetOfAsync(CustomerRef reference, CancellationToken cancellationToken)
    {
        if (reference is { KeyCase: CustomerRef.KeyOneofCase.AnonymousId, AnonymousId.Length: > 0 })
        {
            return await VisitorTargetAsync(reference.AnonymousId, cancellationToken);
        }

        return RouteTarget.Customer(await ResolveAsync(reference, cancellationToken));
    }

    /// <summary>Forgets a customer's links and keys (privacy erase).</summary>
    public void Forget(string customerId)
    {
        foreach (var (visitor, customer) in _links)
        {
            if (customer == customerId)
            {
                _links.TryRemove(visitor, out _);
            }
        }

        foreach (var (key, customer) in _owners)
        {
            if (customer == customerId)
            {
                _owners.TryRemove(key, out _);
            }
        }
    }

    private static void Remember<TKey>(ConcurrentDictionary<TKey, string> cache, ref int count, TKey key, string customerId)
        where TKey : notnull
    {
        StartOverWhenFull(cache, ref count);
        cache[key] = customerId;
    }

    private static void StartOverWhenFull<TKey>(ConcurrentDictionary<TKey, string> cache, ref int count)
        where TKey : notnull
    {
        if (Interlocked.Increment(ref count) > MaxCachedLinks)
        {
            Interlocked.Exchange(ref count, 0);
            cache.Clear();
        }
    }

    private bool IsLinked(string anonymousId, string customerId) => _links.TryGetValue(anonymousId, out var linked) && linked == customerId;
}
