using Realtime.Storage.Identity;

namespace Realtime.Server.Customers;

/// <summary>
/// The identity keys one ingest batch claims (see <see cref="CustomerRouter.PlanIdentities"/>), in the order its events
/// claim them: a key claimed twice keeps the later claimant, as it would have event by event.
/// </summary>
public sealed class IdentityPlan
{
    private Dictionary<IdentityKey, string>? _claims;
    private Dictionary<string, string>? _links;
    private IReadOnlyList<IdentityClaim>? _list;

    /// <summary>Anonymous id → the customer this batch identifies the visitor as (visitors to merge); empty when none.</summary>
    public IReadOnlyDictionary<string, string> Links => _links ?? (IReadOnlyDictionary<string, string>)EmptyLinks;

    private static readonly Dictionary<string, string> EmptyLinks = [];

    /// <summary>The claims to store, one per key (taken once planning is done).</summary>
    public IReadOnlyList<IdentityClaim> Claims => _list ??= _claims is null ? [] : [.. _claims.Select(c => new IdentityClaim(c.Value, c.Key))];

    internal bool HasClaimed(IdentityKey key) => _claims?.ContainsKey(key) == true;

    internal string? LinkedCustomer(string anonymousId) =>
        _links is not null && anonymousId.Length > 0 && _links.TryGetValue(anonymousId, out var customerId) ? customerId : null;

    internal void Claim(IdentityKey key, string customerId)
    {
        (_claims ??= [])[key] = customerId;
        if (key.Kind == IdentityKind.AnonymousId)
        {
            (_links ??= new Dictionary<string, string>(StringComparer.Ordinal))[key.Value] = customerId;
        }
    }
}
