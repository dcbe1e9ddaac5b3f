using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Turns;

public sealed class IdentityChangeTests
{
    [Fact]
    public void A_new_email_or_phone_is_reported_for_the_identity_index()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Traits(customer.Id, CustomerHarness.Start, t => t.Email = "a@example.com"));
        var change = Assert.Single(customer.Workspace.Changes, c => c.Kind == ChangeKind.IdentityChanged);
        Assert.Equal(("email", null, "a@example.com"), (change.Reason, change.OldValue, change.NewValue));
        customer.Apply(Events.Traits(customer.Id, CustomerHarness.Start.AddMinutes(1), t => t.Email = "a@example.com"));
        Assert.DoesNotContain(customer.Workspace.Changes, c => c.Kind == ChangeKind.IdentityChanged);
    }
}
