namespace Realtime.Customers.Rules;

/// <summary>A ruleset error: 1-based line and column in the YAML, the rule or section it is in, and what is wrong.</summary>
public sealed record RuleError(int Line, int Column, string Rule, string Message)
{
    public override string ToString() => $"{Line}:{Column} [{Rule}] {Message}";
}
