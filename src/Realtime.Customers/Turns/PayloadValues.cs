using System.Globalization;
using Realtime.Contracts.V1;
using Realtime.Customers.Expressions;

namespace Realtime.Customers.Turns;

/// <summary>
/// Checks the payload's counts and money (never negative, always finite) and dates, so one bad field rejects its
/// event with a message naming the field, and the rest of the batch goes through.
/// </summary>
internal static class PayloadValues
{
    /// <summary>A message naming the first invalid field, or null when every field is valid.</summary>
    public static string? FirstInvalid(Event @event) => @event.PayloadCase switch
    {
        Event.PayloadOneofCase.Purchase => Items(@event.Purchase),
        Event.PayloadOneofCase.Traits => Traits(@event.Traits),
        Event.PayloadOneofCase.Call when @event.Call.DurationSeconds < 0 =>
            $"call.duration_seconds must not be negative (was {@event.Call.DurationSeconds})",
        _ => null,
    };

    private static string? Items(Purchase purchase)
    {
        for (var i = 0; i < purchase.Items.Count; i++)
        {
            var item = purchase.Items[i];
            if (item.Quantity < 0)
            {
                return $"purchase.items[{i}].quantity must not be negative (was {item.Quantity})";
            }

            if (NotAmount(item.UnitPrice))
            {
                return $"purchase.items[{i}].unit_price must be a finite number, not negative (was {Format(item.UnitPrice)})";
            }
        }

        return null;
    }

    private static string? Traits(Traits traits)
    {
        if (traits.HasCompanySize && traits.CompanySize < 0)
        {
            return $"traits.company_size must not be negative (was {traits.CompanySize})";
        }

        if (traits.HasCapital && NotAmount(traits.Capital))
        {
            return $"traits.capital must be a finite number, not negative (was {Format(traits.Capital)})";
        }

        if (traits.HasBudget && NotAmount(traits.Budget))
        {
            return $"traits.budget must be a finite number, not negative (was {Format(traits.Budget)})";
        }

        if (traits.HasBirthDate && traits.BirthDate.Length > 0
            && !DateOnly.TryParseExact(traits.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return $"traits.birth_date must be a date as YYYY-MM-DD (was '{traits.BirthDate}')";
        }

        if (traits.HasTimeZone && traits.TimeZone.Length > 0 && LocalDates.Find(traits.TimeZone) is null)
        {
            return $"traits.time_zone must be an IANA time zone such as Europe/Paris (was '{traits.TimeZone}')";
        }

        return null;
    }

    private static bool NotAmount(double value) => !(value >= 0 && double.IsFinite(value));

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
