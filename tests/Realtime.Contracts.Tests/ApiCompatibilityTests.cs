namespace Realtime.Contracts.Tests;

/// <summary>
/// Clients compile against protos/realtime/v1: a field renumbered, retyped or removed, a method renamed or an enum value
/// changed breaks them silently on the wire. api-surface.txt records the published API; these tests fail on any
/// difference, so that a change to it is deliberate (and additive).
/// </summary>
public sealed class ApiCompatibilityTests
{
    private static readonly string RecordedPath = Path.Combine(AppContext.BaseDirectory, "api-surface.txt");

    [Fact]
    public void PublishedApi_KeepsEveryRecordedElement()
    {
        var current = ApiSurface.Current().ToHashSet(StringComparer.Ordinal);
        var broken = Recorded().Where(line => !current.Contains(line)).ToList();

        Assert.True(broken.Count == 0,
            "These elements of the published API were removed or changed, which breaks existing clients (add new fields " +
            "and methods instead; reserve removed numbers):\n" + string.Join('\n', broken));
    }

    [Fact]
    public void PublishedApi_HasNoUnrecordedElement()
    {
        var recorded = Recorded().ToHashSet(StringComparer.Ordinal);
        var added = ApiSurface.Current().Where(line => !recorded.Contains(line)).ToList();

        Assert.True(added.Count == 0,
            "New API elements are not recorded yet: check they only add to the API, then add these lines to " +
            "tests/Realtime.Contracts.Tests/api-surface.txt:\n" + string.Join('\n', added));
    }

    [Fact]
    public void PublishedApi_HasTheServicesOfTheDesign()
    {
        var rpcs = ApiSurface.Current().Where(line => line.StartsWith("rpc ", StringComparison.Ordinal)).ToList();

        foreach (var method in new[]
        {
            "Ingest.Track(", "Ingest.TrackStream(stream ", "Customers.Get(", "Customers.Explain(", "Customers.History(",
            "Customers.Export(", "Customers.Erase(", "ContactPressure.Request(", "ContactPressure.Commit(",
            "ContactPressure.Release(", "ContactPressure.Report(", "Segments.List(", "Segments.Watch(", "Rules.Get(",
            "Rules.Validate(", "Rules.Preview(", "Rules.Publish(",
        })
        {
            Assert.Contains(rpcs, rpc => rpc.StartsWith("rpc realtime.v1." + method, StringComparison.Ordinal));
        }
    }

    private static IEnumerable<string> Recorded() =>
        File.ReadAllLines(RecordedPath).Where(line => line.Length > 0 && !line.StartsWith('#'));
}
