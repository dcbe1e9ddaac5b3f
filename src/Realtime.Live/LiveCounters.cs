namespace Realtime.Live;

/// <summary>Counters the dashboard shows, captured once per push interval.</summary>
/// <param name="AcceptedEvents">
/// Events accepted since the server started, monotonically increasing. The dashboard's events/s is the difference
/// between two captures divided by the time between them.
/// </param>
/// <param name="Customers">Customers known to the server (stored, active or not).</param>
public readonly record struct LiveCounters(long AcceptedEvents, long Customers);
