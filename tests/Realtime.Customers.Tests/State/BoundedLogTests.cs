using Realtime.Customers.State;

namespace Realtime.Customers.Tests.State;

public sealed class BoundedLogTests
{
    private static int[] Entries(in BoundedLog<int> log)
    {
        var entries = new int[log.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = log[i];
        }

        return entries;
    }

    private static BoundedLog<int> LogOf(int capacity, int count)
    {
        var log = new BoundedLog<int>(capacity);
        for (var i = 1; i <= count; i++)
        {
            log.Add(i);
        }

        return log;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    public void Keeps_the_latest_entries_oldest_first_whatever_the_count(int count)
    {
        var log = LogOf(capacity: 8, count);

        var expected = Enumerable.Range(Math.Max(1, count - 7), Math.Min(count, 8)).ToArray();
        Assert.Equal(expected, Entries(log));
        Assert.Equal(count, log.Last);
        Assert.Equal(8, log.Capacity);
    }

    [Fact]
    public void An_empty_log_has_no_entries_and_clearing_empties_it()
    {
        var log = new BoundedLog<int>(4);
        Assert.Equal(0, log.Count);

        log = LogOf(4, 6);
        log.Clear();
        Assert.Empty(Entries(log));
        log.Add(42);
        Assert.Equal([42], Entries(log));
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(3, 20)]
    [InlineData(20, 3)]
    [InlineData(20, 0)]
    [InlineData(5, 8)]
    [InlineData(8, 5)]
    public void A_copy_holds_the_same_entries_and_goes_on_like_the_original(int copiedCount, int targetCount)
    {
        // The target is the turn's reused undo copy: it held another log before.
        var original = LogOf(8, copiedCount);
        var copy = LogOf(8, targetCount);

        copy.CopyFrom(original);
        Assert.Equal(Entries(original), Entries(copy));

        for (var i = 100; i < 112; i++)
        {
            original.Add(i);
            copy.Add(i);
            Assert.Equal(Entries(original), Entries(copy));
            Assert.Equal(original.Last, copy.Last);
        }
    }

    [Fact]
    public void Resizing_keeps_the_latest_entries_that_fit()
    {
        var log = LogOf(8, 11);

        Assert.Equal([9, 10, 11], Entries(log.Resized(3)));
        Assert.Equal([4, 5, 6, 7, 8, 9, 10, 11], Entries(log.Resized(16)));
    }
}
