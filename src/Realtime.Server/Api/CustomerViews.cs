using Realtime.Contracts.V1;
using Realtime.Customers.Views;
using Realtime.Server.Customers;

namespace Realtime.Server.Api;

/// <summary>The call centre's one-call view: the customer domain's view plus open suppressions and channel permissions.</summary>
public static class CustomerViews
{
    public static CustomerView Build(CustomerActorState state, DateTimeOffset now, int interactions = CustomerViewBuilder.DefaultInteractions)
    {
        var view = CustomerViewBuilder.Build(state.Customer, now, interactions);
        view.Suppressions.AddRange(state.Pressure.GetSuppressions(now));
        view.Channels.AddRange(state.Pressure.GetChannelStatuses(now));
        return view;
    }
}
