namespace Realtime.Pressure;

/// <summary>A policy setting that cannot be used: where it is (1-based line and column) and which setting it is.</summary>
public sealed record PolicyError(int Line, int Column, string Setting, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Setting}: {Message}";
}

/// <summary>Thrown by <see cref="PressurePolicy.Parse(string)"/> when the section has errors; lists them all.</summary>
public sealed class PressurePolicyException : Exception
{
    public PressurePolicyException(IReadOnlyList<PolicyError> errors)
        : base("Invalid contact_pressure policy: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public PressurePolicyException()
        : this([])
    {
    }

    public PressurePolicyException(string message)
        : base(message)
    {
        Errors = [];
    }

    public PressurePolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<PolicyError> Errors { get; }
}
