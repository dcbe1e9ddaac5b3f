namespace Realtime.Pressure.Tests;

public sealed class ContactLogTests
{
    [Fact]
    public void Add_MoreThanCapacity_KeepsTheMostRecentInOrder()
    {
        var log = new ContactLog(6);
        for (var t = 1; t <= 10; t++)
        {
            log.Add(t * 10);
        }

        Assert.Equal([50L, 60, 70, 80, 90, 100], Enumerable.Range(0, log.Count).Select(i => log[i]));
        Assert.Equal(3, log.CountAfter(70));
    }

    [Fact]
    public void Add_LateInstant_IsInsertedInOrder()
    {
        var log = new ContactLog(5);
        log.Add(10);
        log.Add(30);
        log.Add(20);

        Assert.Equal([10L, 20, 30], Enumerable.Range(0, log.Count).Select(i => log[i]));
    }

    [Fact]
    public void Add_FullAndOlderThanEverything_IsDropped()
    {
        var log = new ContactLog(2);
        log.Add(10);
        log.Add(20);
        log.Add(5);

        Assert.Equal([10L, 20], Enumerable.Range(0, log.Count).Select(i => log[i]));
    }

    [Fact]
    public void Resized_Smaller_KeepsTheMostRecent()
    {
        var log = new ContactLog(8);
        for (var t = 1; t <= 8; t++)
        {
            log.Add(t);
        }

        var smaller = log.Resized(3);

        Assert.Equal([6L, 7, 8], Enumerable.Range(0, smaller.Count).Select(i => smaller[i]));
    }
}
