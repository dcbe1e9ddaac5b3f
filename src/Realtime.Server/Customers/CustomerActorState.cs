using Realtime.Customers.State;
using Realtime.Pressure;

namespace Realtime.Server.Customers;

/// <summary>Everything one customer actor owns: the customer (score, stage, segments...) and its contact pressure.</summary>
public sealed class CustomerActorState(CustomerState customer, PressureState pressure, MergedVisitor? merged = null)
{
    public CustomerState Customer { get; } = customer;

    public PressureState Pressure { get; } = pressure;

    /// <summary>On a visitor retired by its identification: the history it handed to its customer (else null).</summary>
    public MergedVisitor? Merged { get; } = merged;
}
