using System.Collections.Concurrent;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Storage.Identity;

namespace Realtime.Server.Customers;

/// <summary>
/// Routes events to actors and keeps the identity index: an event with a customer id goes to that customer; an
/// anonymous one goes to the customer the visitor was identified as, or to the visitor's own actor. An event that
/// carries both ids identifies the visitor (the link is stored with the event, in the same transaction). Email and phone
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

    private async ValueTask<RouteTarget> RouteAsync(Event @event, CancellationToken cancellationToken)
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
    /// What a batch's events say about identities (visitor links, emails, phones), to be stored with the batch, in its
    /// transaction (<see cref="Storage.EventLog.IEventLog"/>): keys this node already knows to name the same customer
    /// are left out. <see cref="IdentityPlan.Links"/> are the visitors these events newly identify (to be merged).
    /// Its visitor links are cached at once, so that this batch's and later batches' anonymous events of an identified
    /// visitor route to its customer while the batch commits (were they to reach the visitor after its merge, its
    /// customer would never count them); when the batch is not stored, <see cref="Forget(IdentityPlan)"/> them. Once it
    /// is, <see cref="Remember(IdentityPlan)"/> the whole plan.
    /// </summary>
    public IdentityPlan PlanIdentities(IReadOnlyList<Event> events)
    {
        var plan = new IdentityPlan();
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
                plan.Claim(IdentityKeys.Anonymous(@event.AnonymousId), customerId);
            }

            if (@event.Traits is { } traits)
            {
                if (traits.HasEmail && traits.Email.Length > 0)
                {
                    ClaimOwner(IdentityKeys.Email(traits.Email), customerId);
                }

                if (traits.HasPhone && traits.Phone.Length > 0)
                {
                    ClaimOwner(IdentityKeys.Phone(traits.Phone), customerId);
                }
            }
        }

        foreach (var (anonymousId, customerId) in plan.Links)
        {
            Remember(_links, ref _cachedLinks, anonymousId, customerId);
        }

        return plan;

        void ClaimOwner(IdentityKey key, string customerId)
        {
            if (!plan.HasClaimed(key) && _owners.TryGetValue(key, out var owner) && owner == customerId)
            {
                return;
            }

            plan.Claim(key, customerId);
        }
    }

    /// <summary>The actor an event goes to: its customer, or its visitor's customer (its own batch's links first, then the index), or its visitor.</summary>
    public ValueTask<RouteTarget> RouteAsync(Event @event, IdentityPlan plan, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(@event.CustomerId) && plan.LinkedCustomer(@event.AnonymousId) is { } customerId
            ? ValueTask.FromResult(RouteTarget.Customer(customerId))
            : RouteAsync(@event, cancellationToken);

    /// <summary>Caches what a durable batch's plan stored: later events route by it, and repeat no key, without a database read.</summary>
    public void Remember(IdentityPlan plan)
    {
        foreach (var (customerId, key) in plan.Claims)
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

    /// <summary>Takes back the links a plan whose batch was not stored cached (entries since claimed otherwise stay).</summary>
    public void Forget(IdentityPlan plan)
    {
        foreach (var link in plan.Links)
        {
            _links.TryRemove(link);
        }
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
