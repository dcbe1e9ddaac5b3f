using Realtime.Customers.Lifecycle;
using Realtime.Customers.State;
using Realtime.Customers.Value;

namespace Realtime.Customers.Expressions;

/// <summary>The fields a rule can read on the customer. Anything else is an error naming the field.</summary>
internal static class CustomerFields
{
    private const long DayMs = 86_400_000;
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static Operand Compile(FieldPath path, CompileScope scope)
    {
        var parts = path.Parts;
        var p = path.Position;
        return parts[0] switch
        {
            "event" when parts.Count > 1 => scope.AllowEventFields
                ? EventFields.Compile(path)
                : throw new ExpressionException("event fields exist only in event-triggered rules (with 'on:')", p),
            "traits" when parts.Count >= 2 => Traits(path),
            "rfm" when parts.Count == 2 => Rfm(path, scope),
            "value" when parts.Count == 2 => ValueField(path, scope),
            "age" when parts.Count == 1 => Age(p),
            "score" when parts.Count == 1 => Number(p, c => c.State.Score, ReadSet.Score),
            "grade" when parts.Count == 1 => Text(p, c => c.State.Grade, ReadSet.Grade),
            "stage" when parts.Count == 1 => Text(p, c => StageNames.NameOf(c.State.Stage), ReadSet.Stage),
            "events" when parts.Count == 1 => Number(p, c => c.State.EventCount, ReadSet.EventType(0)),
            "identified" when parts.Count == 1 => new Operand { Type = ExpressionType.Bool, Position = p, Bool = c => c.State.Traits.Email is not null || c.State.Traits.Phone is not null || c.State.AnonymousIdList.Length > 0, Reads = ReadSet.Traits | ReadSet.Identity },
            _ => throw new ExpressionException($"unknown field '{path.Dotted}'", p),
        };
    }

    private static Operand Traits(FieldPath path)
    {
        var p = path.Position;
        if (path.Parts[1] == "custom" && path.Parts.Count == 3)
        {
            var key = path.Parts[2];
            return new Operand
            {
                Type = ExpressionType.Dynamic,
                Position = p,
                Dynamic = c => c.State.Traits.Custom is { } custom && custom.TryGetValue(key, out var value) ? value : null,
                Reads = ReadSet.Traits,
            };
        }

        if (path.Parts.Count != 2)
        {
            throw new ExpressionException($"unknown field '{path.Dotted}'", p);
        }

        const ulong r = ReadSet.Traits;
        return path.Parts[1] switch
        {
            "email" => Text(p, c => c.State.Traits.Email, r),
            "phone" => Text(p, c => c.State.Traits.Phone, r),
            "name" => Text(p, c => c.State.Traits.Name, r),
            "role" => Text(p, c => c.State.Traits.Role, r),
            "sector" => Text(p, c => c.State.Traits.Sector, r),
            "wanted_product" => Text(p, c => c.State.Traits.WantedProduct, r),
            "country" => Text(p, c => c.State.Traits.Country, r),
            "city" => Text(p, c => c.State.Traits.City, r),
            "postal_code" => Text(p, c => c.State.Traits.PostalCode, r),
            "time_zone" => Text(p, c => c.State.Traits.TimeZone, r),
            "company_size" => Number(p, c => c.State.Traits.CompanySize, r),
            "capital" => Number(p, c => c.State.Traits.Capital, r),
            "budget" => Number(p, c => c.State.Traits.Budget, r),
            "interests" => new Operand { Type = ExpressionType.StringList, Position = p, Strings = c => c.State.Traits.Interests, Reads = r },
            "preferred_categories" => new Operand { Type = ExpressionType.StringList, Position = p, Strings = c => c.State.Traits.PreferredCategories, Reads = r },
            "age" => Age(p),
            _ => throw new ExpressionException($"unknown field '{path.Dotted}'", p),
        };
    }

    private static Operand Rfm(FieldPath path, CompileScope scope)
    {
        var p = path.Position;
        var purchases = ReadSet.EventType(scope.Types.PurchaseIndex);
        Func<EvaluationContext, long> window = c => CustomerValue.NextWindowChange(c.State, c.Now);
        return path.Parts[1] switch
        {
            "recency" => Number(p, c => CustomerValue.RecencyDays(c.State, c.Now), purchases, linear: DaysSince(scope.Types.PurchaseIndex)),
            "frequency" => Number(p, c => CustomerValue.Frequency(c.State, c.Now), purchases, window),
            "monetary" => Number(p, c => CustomerValue.Monetary(c.State, c.Now), purchases, window),
            "recency_score" => Number(p, c => CustomerValue.RecencyScore(c.State, c.Now), purchases, c => CustomerValue.NextRecencyScoreChange(c.State, c.Now)),
            "frequency_score" => Number(p, c => CustomerValue.FrequencyScore(c.State, c.Now), purchases, window),
            "monetary_score" => Number(p, c => CustomerValue.MonetaryScore(c.State, c.Now), purchases, window),
            _ => throw new ExpressionException($"unknown field '{path.Dotted}' (rfm has recency, frequency, monetary and their _score)", p),
        };
    }

    private static Operand ValueField(FieldPath path, CompileScope scope)
    {
        var p = path.Position;
        var purchases = ReadSet.EventType(scope.Types.PurchaseIndex);
        return path.Parts[1] switch
        {
            "average_basket" => Number(p, c => CustomerValue.AverageBasket(c.State), purchases),
            "total_spent" => Number(p, c => c.State.PurchaseTotal, purchases),
            "cltv" => Number(p, c => CustomerValue.Cltv(c.State, c.Now), purchases, c => CustomerValue.NextWindowChange(c.State, c.Now)),
            _ => throw new ExpressionException($"unknown field '{path.Dotted}' (value has average_basket, total_spent, cltv)", p),
        };
    }

    /// <summary>days_since(type) as a linear value: days elapsed from the type's last event.</summary>
    public static LinearInTime DaysSince(int typeIndex, double unitMs = DayMs) =>
        new(c => c.State.TypeLast[typeIndex], unitMs, 1, 0);

    private static Operand Age(int position) => new()
    {
        Type = ExpressionType.Number,
        Position = position,
        Number = c => AgeAt(c.State.Traits.BirthDayNumber, c.Now, c.State.Traits.TimeZone),
        Reads = ReadSet.Traits,
        NextChange = c => NextBirthday(c.State.Traits.BirthDayNumber, c.Now, c.State.Traits.TimeZone),
    };

    /// <summary>
    /// Whole years on the date of <paramref name="now"/> in the customer's time zone (UTC when unset or unknown); NaN
    /// when the birth date is unknown.
    /// </summary>
    public static double AgeAt(int birthDayNumber, long now, string? timeZone = null)
    {
        if (birthDayNumber < 0)
        {
            return double.NaN;
        }

        var birth = DateOnly.FromDayNumber(birthDayNumber);
        var today = LocalDates.Today(now, LocalDates.Find(timeZone));
        var age = today.Year - birth.Year;
        return birth.AddYears(age) > today ? age - 1 : age;
    }

    /// <summary>
    /// The instant the next birthday starts: local midnight in the customer's time zone (UTC when unset or unknown).
    /// A 29 February birthday falls on 28 February in other years.
    /// </summary>
    public static long NextBirthday(int birthDayNumber, long now, string? timeZone = null)
    {
        if (birthDayNumber < 0)
        {
            return long.MaxValue;
        }

        var age = (int)AgeAt(birthDayNumber, now, timeZone);
        var next = DateOnly.FromDayNumber(birthDayNumber).AddYears(age + 1);
        return LocalDates.StartOf(next, LocalDates.Find(timeZone));
    }

    private static Operand Number(int position, Func<EvaluationContext, double> value, ulong reads,
        Func<EvaluationContext, long>? next = null, LinearInTime? linear = null) => new()
        {
            Type = ExpressionType.Number,
            Position = position,
            Number = value,
            Reads = reads,
            NextChange = linear is not null ? linear.NextWholeUnit : next,
            Linear = linear,
        };

    private static Operand Text(int position, Func<EvaluationContext, string?> value, ulong reads) =>
        new() { Type = ExpressionType.String, Position = position, Text = value, Reads = reads };
}
