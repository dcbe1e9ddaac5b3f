namespace Realtime.Customers.State;

/// <summary>
/// Reads and writes the per-type timestamp rings. A ring keeps the most recent timestamps by event time, not by arrival,
/// so a late event never pushes out a newer one. Windows are half-open: an event at t counts in a window w while
/// now - w &lt; t, so it leaves at exactly t + w.
/// </summary>
internal static class EventHistory
{
    public static void Record(CustomerState state, int typeIndex, long at, double amount)
    {
        state.TypeTotals[typeIndex]++;
        if (at > state.TypeLast[typeIndex])
        {
            state.TypeLast[typeIndex] = at;
        }

        var types = state.Ruleset.Types;
        var capacity = types.CapacityOf(typeIndex);
        if (capacity == 0)
        {
            return;
        }

        var offset = types.OffsetOf(typeIndex);
        var slot = OldestSlot(state.TypeRing, offset, capacity);
        if (state.TypeRing[slot] != CustomerState.Empty && state.TypeRing[slot] >= at)
        {
            return; // older than everything kept: it only counts in the total
        }

        state.WritableTypeRing[slot] = at;
        if (typeIndex == types.PurchaseIndex && (amount != 0 || state.PurchaseAmounts.Length > 0))
        {
            state.WritablePurchaseAmounts[slot - offset] = amount;
        }
    }

    /// <summary>Inserts into a ring replacing its oldest slot; returns false when the ring keeps only newer entries.</summary>
    public static bool InsertNewest(long[] ring, int offset, int capacity, long at)
    {
        var slot = OldestSlot(ring, offset, capacity);
        if (ring[slot] != CustomerState.Empty && ring[slot] >= at)
        {
            return false;
        }

        ring[slot] = at;
        return true;
    }

    public static int OldestSlot(long[] ring, int offset, int capacity)
    {
        var oldest = offset;
        for (var i = offset + 1; i < offset + capacity; i++)
        {
            if (ring[i] < ring[oldest])
            {
                oldest = i;
            }
        }

        return oldest;
    }

    public static int CountInWindow(long[] ring, int offset, int capacity, long now, long window)
    {
        var from = now - window;
        var count = 0;
        for (var i = offset; i < offset + capacity; i++)
        {
            if (ring[i] > from)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The instant the oldest entry inside the window slides out of it, or <see cref="long.MaxValue"/>.</summary>
    public static long NextExit(long[] ring, int offset, int capacity, long now, long window)
    {
        var from = now - window;
        var next = long.MaxValue;
        for (var i = offset; i < offset + capacity; i++)
        {
            var at = ring[i];
            if (at > from && at + window < next)
            {
                next = at + window;
            }
        }

        return next;
    }

    public static int Count(CustomerState state, int typeIndex, long now, long window)
    {
        var types = state.Ruleset.Types;
        return CountInWindow(state.TypeRing, types.OffsetOf(typeIndex), types.CapacityOf(typeIndex), now, window);
    }

    public static long NextCountChange(CustomerState state, int typeIndex, long now, long window)
    {
        var types = state.Ruleset.Types;
        return NextExit(state.TypeRing, types.OffsetOf(typeIndex), types.CapacityOf(typeIndex), now, window);
    }

    public static double SumAmount(CustomerState state, long now, long window)
    {
        var types = state.Ruleset.Types;
        var offset = types.OffsetOf(types.PurchaseIndex);
        var from = now - window;
        var sum = 0.0;
        var amounts = state.ReadablePurchaseAmounts;
        for (var i = 0; i < amounts.Length; i++)
        {
            if (state.TypeRing[offset + i] > from)
            {
                sum += amounts[i];
            }
        }

        return sum;
    }
}
