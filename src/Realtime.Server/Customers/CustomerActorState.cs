using Realtime.Customers.State;
using Realtime.Pressure;

namespace Realtime.Server.Customers;

/// <summary>Everything one customer actor owns: the customer (score, stage, segments...) and its contact pressure.</summary>
public sealed class CustomerActorState(CustomerState customer, PressureState pressure)
{
    public CustomerState Customer { get; } = customer;

    public PressureState Pressure { get; } = pressure;
}
