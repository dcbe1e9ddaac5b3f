using Realtime.Storage.Identity;

namespace Realtime.Server.Customers;

/// <summary>Normalises look-up keys so that "Ann@Example.com " and "ann@example.com" find the same customer.</summary>
public static class IdentityKeys
{
    public static IdentityKey Email(string email) => new(IdentityKind.Email, email.Trim().ToLowerInvariant());

    /// <summary>Keeps the digits and a leading '+': "+33 6 12-34-56-78" → "+33612345678".</summary>
    public static IdentityKey Phone(string phone)
    {
        var trimmed = phone.Trim();
        Span<char> digits = stackalloc char[trimmed.Length];
        var length = 0;
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsAsciiDigit(c) || (c == '+' && length == 0))
            {
                digits[length++] = c;
            }
        }

        // Most phones arrive normalised: keep that string rather than a copy (the router caches a key per customer).
        return new IdentityKey(IdentityKind.Phone, digits[..length].SequenceEqual(phone) ? phone : new string(digits[..length]));
    }

    public static IdentityKey Anonymous(string anonymousId) => new(IdentityKind.AnonymousId, anonymousId);
}
