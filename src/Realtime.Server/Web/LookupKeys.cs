using Realtime.Contracts.V1;

namespace Realtime.Server.Web;

/// <summary>The keys an agent's look-up text is tried under, in order (a numeric customer id is also phone-like).</summary>
public static class LookupKeys
{
    /// <returns>(kind, reference) pairs, or null when <paramref name="by"/> is not auto, id, email or phone.</returns>
    public static IReadOnlyList<(string Kind, CustomerRef Reference)>? For(string text, string? by) => (by ?? "").ToLowerInvariant() switch
    {
        "id" => [Id(text)],
        "email" => [Email(text)],
        "phone" => [Phone(text)],
        "" or "auto" when text.Contains('@') => [Email(text), Id(text)],
        "" or "auto" when LooksLikePhone(text) && text.StartsWith('+') => [Phone(text), Id(text)],
        "" or "auto" when LooksLikePhone(text) => [Id(text), Phone(text)],
        "" or "auto" => [Id(text)],
        _ => null,
    };

    private static (string, CustomerRef) Id(string text) => ("id", new CustomerRef { CustomerId = text });

    private static (string, CustomerRef) Email(string text) => ("email", new CustomerRef { Email = text });

    private static (string, CustomerRef) Phone(string text) => ("phone", new CustomerRef { Phone = text });

    private static bool LooksLikePhone(string text) =>
        text.Count(char.IsAsciiDigit) >= 6 && text.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.');
}
