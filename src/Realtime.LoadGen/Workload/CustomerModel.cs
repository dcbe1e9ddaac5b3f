namespace Realtime.LoadGen.Workload;

/// <summary>
/// Where a synthetic customer is in its story: not seen yet, browsing anonymously, known (traits sent, nothing else
/// yet), or active (known, with activity: an event other than traits, or anonymous browsing merged in on identifying).
/// </summary>
public enum CustomerPhase : byte
{
    New = 0,
    Anonymous = 1,
    Known = 2,
    Active = 3,
}

/// <summary>
/// The synthetic population: <c>N</c> customers with Zipf-like popularity (exponent 1: the customer of rank r is picked
/// with probability ∝ 1/r, so the top 1% of 100,000 customers get about 60% of the activity and the long tail the rest),
/// and one byte of state each (10M customers = 10 MB). Not thread-safe: the generator owns it.
/// </summary>
public sealed class CustomerModel
{
    private readonly CustomerPhase[] _phases;
    private readonly double _logRange;

    public CustomerModel(int customers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        Count = customers;
        _phases = new CustomerPhase[customers];
        _logRange = Math.Log(customers + 1.0);
    }

    public int Count { get; }

    /// <summary>Customers that have produced at least one event.</summary>
    public int Touched { get; private set; }

    /// <summary>
    /// A customer index in 0..Count-1, index 0 the most popular. Inverse of the continuous 1/x law on [1, N+1):
    /// rank = floor(exp(u · ln(N+1))), O(1) and without a table, so 10M customers cost nothing up front.
    /// </summary>
    public int Pick(Random random)
    {
        var rank = (int)Math.Exp(random.NextDouble() * _logRange);
        return Math.Clamp(rank, 1, Count) - 1;
    }

    public CustomerPhase Phase(int index) => _phases[index];

    public void SetPhase(int index, CustomerPhase phase)
    {
        if (_phases[index] == CustomerPhase.New && phase != CustomerPhase.New)
        {
            Touched++;
        }

        _phases[index] = phase;
    }

    public static string CustomerId(int index) => $"cust-{index}";

    public static string Email(int index) => $"cust-{index}@loadgen.example";

    public static string Phone(int index) => $"+1555{index:D7}";
}
