using Realtime.Customers.Expressions;
using Realtime.Customers.Rules;

namespace Realtime.Customers.Tests.Support;

internal static class Rulesets
{
    /// <summary>A ruleset with a single segment whose condition is <paramref name="when"/>.</summary>
    public static CompiledRuleset WithSegment(string when) => RulesetLoader.LoadOrThrow($"""
        segments:
          - id: s
            when: '{when.Replace("'", "''", StringComparison.Ordinal)}'
        """);

    public static CompiledExpression Condition(string text) => WithSegment(text).Segments[0].Condition;
}
