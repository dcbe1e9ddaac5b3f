namespace Realtime.Customers.State;

/// <summary>Segment memberships as bits over the ruleset's segment indexes (at most <see cref="MaxSegments"/>).</summary>
public readonly record struct SegmentSet(ulong Low, ulong High)
{
    public const int MaxSegments = 128;

    public bool Contains(int index) => index < 64 ? (Low & (1UL << index)) != 0 : (High & (1UL << (index - 64))) != 0;

    public SegmentSet With(int index, bool member)
    {
        if (index < 64)
        {
            var bit = 1UL << index;
            return new SegmentSet(member ? Low | bit : Low & ~bit, High);
        }

        var high = 1UL << (index - 64);
        return new SegmentSet(Low, member ? High | high : High & ~high);
    }

    public bool IsEmpty => Low == 0 && High == 0;
}
