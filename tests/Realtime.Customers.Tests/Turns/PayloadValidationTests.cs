using Realtime.Contracts.V1;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Turns;

/// <summary>Counts and money that cannot be negative (or are not finite) reject their event with a message naming the field.</summary>
public sealed class PayloadValidationTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    public static TheoryData<string, string> InvalidPayloads() => new()
    {
        { "unit price", "purchase.items[1].unit_price must be a finite number, not negative (was -2.5)" },
        { "quantity", "purchase.items[0].quantity must not be negative (was -1)" },
        { "price NaN", "purchase.items[0].unit_price must be a finite number, not negative (was NaN)" },
        { "amount", "purchase.amount must be a finite number, not negative (was -10)" },
        { "budget", "traits.budget must be a finite number, not negative (was -5000)" },
        { "capital", "traits.capital must be a finite number, not negative (was -1)" },
        { "company size", "traits.company_size must not be negative (was -3)" },
        { "birth date", "traits.birth_date must be a date as YYYY-MM-DD (was '14/03/1985')" },
        { "call", "call.duration_seconds must not be negative (was -60)" },
    };

    private static Event Make(string kind, string customerId)
    {
        var purchase = Events.Purchase(customerId, T0, 40);
        switch (kind)
        {
            case "unit price":
                purchase.Purchase.Items.Add(new PurchaseItem { ProductId = "boots", Quantity = 1, UnitPrice = 40 });
                purchase.Purchase.Items.Add(new PurchaseItem { ProductId = "socks", Quantity = 2, UnitPrice = -2.5 });
                return purchase;
            case "quantity":
                purchase.Purchase.Items.Add(new PurchaseItem { ProductId = "boots", Quantity = -1, UnitPrice = 40 });
                return purchase;
            case "price NaN":
                purchase.Purchase.Items.Add(new PurchaseItem { ProductId = "boots", Quantity = 1, UnitPrice = double.NaN });
                return purchase;
            case "amount":
                purchase.Purchase.Amount = -10;
                return purchase;
            case "call":
                var call = Events.Base(customerId, T0);
                call.Call = new Call { DurationSeconds = -60 };
                return call;
        }

        return Events.Traits(customerId, T0, t =>
        {
            t.Sector = "agrifood";
            switch (kind)
            {
                case "budget": t.Budget = -5000; break;
                case "capital": t.Capital = -1; break;
                case "company size": t.CompanySize = -3; break;
                case "birth date": t.BirthDate = "14/03/1985"; break;
            }
        });
    }

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public void A_negative_count_or_amount_rejects_the_event_naming_the_field_and_changes_nothing(string kind, string message)
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Form(customer.Id, T0));
        var before = StateSerializer.Serialize(customer.State);

        var result = customer.Engine.Apply(customer.Workspace, customer.State, Make(kind, customer.Id), T0);

        Assert.Equal(TurnOutcome.Rejected, result.Outcome);
        Assert.Equal(kind == "amount" ? RejectionReason.NegativeAmount : RejectionReason.InvalidValue, result.Rejection);
        Assert.Equal(message, result.Message);
        Assert.Equal(before, StateSerializer.Serialize(customer.State));
    }

    [Fact]
    public void Zero_and_positive_values_and_unset_traits_are_accepted()
    {
        var customer = new CustomerHarness();
        var purchase = Events.Purchase(customer.Id, T0, 0);
        purchase.Purchase.Items.Add(new PurchaseItem { ProductId = "gift", Quantity = 0, UnitPrice = 0 });
        Assert.True(customer.Apply(purchase).IsAccepted);
        Assert.True(customer.Apply(Events.Traits(customer.Id, T0, t => { t.Budget = 0; t.CompanySize = 0; t.BirthDate = "1985-03-14"; })).IsAccepted);
        Assert.True(customer.Apply(Events.Traits(customer.Id, T0, t => t.Sector = "retail")).IsAccepted);
    }
}
