namespace Realtime.LoadGen.Options;

/// <summary>Everything one run is configured with; defaults are the values shown by <c>--help</c>.</summary>
public sealed record LoadGenOptions
{
    public string Target { get; init; } = "http://127.0.0.1:5001";
    public int Customers { get; init; } = 100_000;
    public int Seed { get; init; } = 1;
    public double Rate { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public int Streams { get; init; } = 4;
    public int Batch { get; init; } = 500;
    public int InFlight { get; init; } = 8;
    public double LookupsPerSec { get; init; } = 100;
    public double PressurePerSec { get; init; } = 20;
    public bool ConsistentLookups { get; init; }
    public bool Watch { get; init; }
    public bool TouchAll { get; init; }
    public string? Dashboard { get; init; }
    public double PushProbesPerSec { get; init; } = 20;
    public int PushProbeCustomers { get; init; } = 32;
    public string? JsonFile { get; init; }
    public int? ServerPid { get; init; }
    public string? RunId { get; init; }
    public bool Quiet { get; init; }
    public bool Help { get; init; }

    public const int MaxCustomers = 10_000_000;
}
