namespace Realtime.Storage.Identity;

/// <summary>The kinds of key a customer can be found by, besides the customer id.</summary>
public enum IdentityKind
{
    Email,
    Phone,
    AnonymousId,
}

/// <summary>
/// A key that names one customer. Values are stored as given: the caller normalises them (lower-case email,
/// E.164 phone) so that lookups match.
/// </summary>
public readonly record struct IdentityKey(IdentityKind Kind, string Value);

/// <summary>A customer claiming a key: after it is recorded, the key finds that customer.</summary>
public readonly record struct IdentityClaim(string CustomerId, IdentityKey Key);
