using System.Diagnostics;
using Realtime.Contracts.V1;
using Xunit.Abstractions;

namespace Realtime.Pressure.Tests;

public sealed class HotPathTests(ITestOutputHelper output)
{
    // Noon in Paris: the default policy's quiet hours are evaluated in the customer's zone.
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 11, 0, 0, TimeSpan.Zero);

    private static PressureState Customer()
    {
        var state = new PressureState(PressurePolicy.Default);
        Assert.True(state.SetTimeZone("Europe/Paris"));
        return state;
    }

    [Fact]
    public void Request_Denied_AllocatesNothing()
    {
        var state = Customer();
        state.Contact(Noon.AddHours(-15));
        state.Contact(Noon.AddHours(-1));
        state.Ask(Noon);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.False(state.Request(Channel.Email, MessageKind.Promotion, "c", "sku", Noon).Granted);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Request_Granted_AllocatesOnlyTheToken()
    {
        var state = Customer();
        state.Release(state.Ask(Noon).ReservationToken!, Noon);

        var before = GC.GetAllocatedBytesForCurrentThread();
        long tokenBytes = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var token = state.Request(Channel.Email, MessageKind.Marketing, "c", null, Noon).ReservationToken!;
            tokenBytes += 24 + (2 * ((token.Length + 1) & ~1)) - 2;
            state.Release(token, Noon);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= 1_000 * 48, $"{allocated} bytes for 1000 grants ({tokenBytes} estimated for tokens)");
    }

    [Fact]
    public void Request_Timing_ReportsNanosecondsPerCall()
    {
        var state = Customer();
        state.Contact(Noon.AddHours(-15));
        state.Contact(Noon.AddHours(-1));
        for (var i = 0; i < 5_000; i++)
        {
            state.Request(Channel.Email, MessageKind.Marketing, "c", null, Noon);
            state.Request(Channel.Push, MessageKind.Marketing, "c", null, Noon);
        }

        const int Calls = 50_000;
        var denied = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            state.Request(Channel.Email, MessageKind.Marketing, "c", null, Noon);
        }

        denied.Stop();
        var granted = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            state.Release(state.Request(Channel.Push, MessageKind.Marketing, "c", null, Noon).ReservationToken!, Noon);
        }

        granted.Stop();
        output.WriteLine($"denied: {denied.Elapsed.TotalNanoseconds / Calls:F0} ns/request; granted + release: {granted.Elapsed.TotalNanoseconds / Calls:F0} ns");
    }

    [Fact]
    public void Footprint_NewAndTypicalCustomers_StaySmall()
    {
        var policy = PressurePolicy.Default;
        Customer();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var fresh = new PressureState(policy);
        var freshBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        static void ThreeContacts(PressureState state)
        {
            state.Contact(Noon.AddDays(-3));
            state.Contact(Noon.AddDays(-1), Channel.Sms);
            state.Contact(Noon.AddHours(-2), Channel.Push);
        }

        ThreeContacts(Customer());
        var typical = Customer();
        var start = GC.GetAllocatedBytesForCurrentThread();
        ThreeContacts(typical);
        var contactBytes = GC.GetAllocatedBytesForCurrentThread() - start;

        output.WriteLine($"new state: {freshBytes} B; three contacts on three channels: {contactBytes} B (tokens included)");
        Assert.NotNull(fresh);
        Assert.True(freshBytes <= 200, $"{freshBytes} B");
        Assert.True(contactBytes <= 1_000, $"{contactBytes} B");
    }
}
