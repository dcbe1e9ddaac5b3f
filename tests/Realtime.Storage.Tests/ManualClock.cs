namespace Realtime.Storage.Tests;

/// <summary>
/// A clock that moves only when the test says so. The stores read the time and arm no timers on these paths, so
/// this is all they need (tests/Realtime.Testing's FakeTimeProvider does not compile at the moment: its
/// RequiredTool.cs lacks <c>using Xunit;</c>).
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan delta) => _now += delta;
}
