using Realtime.Contracts.V1;
using Realtime.Customers.State;
using Realtime.Customers.Value;

namespace Realtime.Customers.Views;

/// <summary>
/// Customers.Get: score, grade, tier and routing, stage, segments, RFM, basket, CLTV and the last interactions.
/// Suppressions and channel statuses are left empty for Realtime.Pressure to fill.
/// </summary>
public static class CustomerViewBuilder
{
    public const int DefaultInteractions = 10;
    public const int MaxInteractions = 100;

    public static CustomerView Build(CustomerState state, DateTimeOffset now, int interactions = DefaultInteractions)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var ruleset = state.Ruleset;
        var view = new CustomerView
        {
            CustomerId = state.CustomerId,
            Traits = TraitsOf(state.Traits),
            Score = state.Score,
            Grade = state.Grade,
            Tier = state.Tier ?? "",
            Routing = state.TierIndex >= 0 ? ruleset.Tiers[state.TierIndex].Routing : "",
            Stage = state.Stage,
            Rfm = RfmOf(state, nowMs),
            AverageBasket = CustomerValue.AverageBasket(state),
            Cltv = CustomerValue.Cltv(state, nowMs),
            RulesetVersion = ruleset.Version,
            UpdatedAt = Timestamps.FromUnixMs(state.UpdatedAt),
            FirstSeenAt = Timestamps.FromUnixMs(state.FirstSeenAt),
            Events = state.EventCount,
        };
        view.AnonymousIds.Add(state.AnonymousIds);
        for (var i = 0; i < ruleset.Segments.Length; i++)
        {
            if (state.Segments.Contains(i))
            {
                view.Segments.Add(ruleset.Segments[i].Id);
            }
        }

        var wanted = interactions <= 0 ? DefaultInteractions : Math.Min(interactions, MaxInteractions);
        foreach (var entry in state.InteractionEntries.OrderByDescending(e => e.At).Take(wanted))
        {
            view.LastInteractions.Add(new Interaction { At = Timestamps.FromUnixMs(entry.At), Type = entry.Type, Summary = entry.Summary, EventId = entry.EventId });
        }

        return view;
    }

    public static Rfm RfmOf(CustomerState state, long now)
    {
        var recency = CustomerValue.RecencyDays(state, now);
        return new Rfm
        {
            RecencyDays = double.IsPositiveInfinity(recency) ? -1 : recency,
            Frequency = CustomerValue.Frequency(state, now),
            Monetary = CustomerValue.Monetary(state, now),
            RecencyScore = CustomerValue.RecencyScore(state, now),
            FrequencyScore = CustomerValue.FrequencyScore(state, now),
            MonetaryScore = CustomerValue.MonetaryScore(state, now),
        };
    }

    public static Traits TraitsOf(CustomerTraits traits)
    {
        var result = new Traits();
        if (traits.Email is { } email) result.Email = email;
        if (traits.Phone is { } phone) result.Phone = phone;
        if (traits.Name is { } name) result.Name = name;
        if (traits.Role is { } role) result.Role = role;
        if (!double.IsNaN(traits.CompanySize)) result.CompanySize = (int)traits.CompanySize;
        if (!double.IsNaN(traits.Capital)) result.Capital = traits.Capital;
        if (traits.Sector is { } sector) result.Sector = sector;
        if (traits.WantedProduct is { } product) result.WantedProduct = product;
        if (!double.IsNaN(traits.Budget)) result.Budget = traits.Budget;
        if (traits.ExpectedDate != 0) result.ExpectedDate = Timestamps.FromUnixMs(traits.ExpectedDate);
        if (traits.BirthDayNumber >= 0) result.BirthDate = DateOnly.FromDayNumber(traits.BirthDayNumber).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (traits.Country is { } country) result.Country = country;
        if (traits.City is { } city) result.City = city;
        if (traits.PostalCode is { } postalCode) result.PostalCode = postalCode;
        if (traits.TimeZone is { } timeZone) result.TimeZone = timeZone;
        result.Interests.Add(traits.Interests);
        result.PreferredCategories.Add(traits.PreferredCategories);
        if (traits.Custom is { } custom)
        {
            result.Custom.Add(custom);
        }

        return result;
    }
}
