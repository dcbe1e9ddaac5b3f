using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Realtime.Customers.State;

/// <summary>
/// What the customer told us or a system set about them, kept as plain fields (not the protobuf message) so an
/// unknown value costs a null reference, not an object. Unknown numbers are NaN so every comparison on them is false.
/// </summary>
public sealed class CustomerTraits
{
    public string? Email { get; internal set; }
    public string? Phone { get; internal set; }
    public string? Name { get; internal set; }
    public string? Role { get; internal set; }
    public double CompanySize { get; internal set; } = double.NaN;
    public double Capital { get; internal set; } = double.NaN;
    public string? Sector { get; internal set; }
    public string? WantedProduct { get; internal set; }
    public double Budget { get; internal set; } = double.NaN;
    /// <summary>Unix milliseconds, or 0 when unknown.</summary>
    public long ExpectedDate { get; internal set; }
    /// <summary>Birth date as a day number (<see cref="DateOnly.DayNumber"/>), or -1 when unknown.</summary>
    public int BirthDayNumber { get; internal set; } = -1;
    public string? Country { get; internal set; }
    public string? City { get; internal set; }
    public string? PostalCode { get; internal set; }
    public string? TimeZone { get; internal set; }
    public string[] Interests { get; internal set; } = [];
    public string[] PreferredCategories { get; internal set; } = [];
    /// <summary>Custom traits; null until one is set (most customers have none).</summary>
    public Dictionary<string, ProtoValue>? Custom { get; internal set; }

    internal void CopyFrom(CustomerTraits other)
    {
        CopyFromShallow(other);
        Custom = other.Custom is null ? null : new Dictionary<string, ProtoValue>(other.Custom);
    }

    /// <summary>Copies the fields, sharing the custom dictionary (turns replace it rather than mutate it).</summary>
    internal void CopyFromShallow(CustomerTraits other)
    {
        Email = other.Email;
        Phone = other.Phone;
        Name = other.Name;
        Role = other.Role;
        CompanySize = other.CompanySize;
        Capital = other.Capital;
        Sector = other.Sector;
        WantedProduct = other.WantedProduct;
        Budget = other.Budget;
        ExpectedDate = other.ExpectedDate;
        BirthDayNumber = other.BirthDayNumber;
        Country = other.Country;
        City = other.City;
        PostalCode = other.PostalCode;
        TimeZone = other.TimeZone;
        Interests = other.Interests;
        PreferredCategories = other.PreferredCategories;
        Custom = other.Custom;
    }

    /// <summary>Fills the fields this customer does not know yet from another profile (identity merge: the known customer wins).</summary>
    internal void FillMissingFrom(CustomerTraits other)
    {
        Email ??= other.Email;
        Phone ??= other.Phone;
        Name ??= other.Name;
        Role ??= other.Role;
        if (double.IsNaN(CompanySize))
        {
            CompanySize = other.CompanySize;
        }

        if (double.IsNaN(Capital))
        {
            Capital = other.Capital;
        }

        Sector ??= other.Sector;
        WantedProduct ??= other.WantedProduct;
        if (double.IsNaN(Budget))
        {
            Budget = other.Budget;
        }

        if (ExpectedDate == 0)
        {
            ExpectedDate = other.ExpectedDate;
        }

        if (BirthDayNumber < 0)
        {
            BirthDayNumber = other.BirthDayNumber;
        }

        Country ??= other.Country;
        City ??= other.City;
        PostalCode ??= other.PostalCode;
        TimeZone ??= other.TimeZone;
        Interests = Union(Interests, other.Interests);
        PreferredCategories = Union(PreferredCategories, other.PreferredCategories);
        if (other.Custom is not null)
        {
            // Copy on write: the turn's undo copy shares the current dictionary.
            var custom = Custom is null ? [] : new Dictionary<string, ProtoValue>(Custom);
            foreach (var (key, value) in other.Custom)
            {
                custom.TryAdd(key, value);
            }

            Custom = custom;
        }
    }

    internal static string[] Union(string[] first, IEnumerable<string> second)
    {
        List<string>? added = null;
        foreach (var item in second)
        {
            if (!Contains(first, item) && (added is null || !added.Contains(item, StringComparer.OrdinalIgnoreCase)))
            {
                (added ??= []).Add(item);
            }
        }

        return added is null ? first : [.. first, .. added];
    }

    internal static bool Contains(string[] values, string value)
    {
        foreach (var item in values)
        {
            if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
