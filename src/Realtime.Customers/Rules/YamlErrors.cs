using System.Globalization;
using Realtime.Customers.Expressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Realtime.Customers.Rules;

/// <summary>Typed reads of YAML nodes that record an error (line, column, rule) instead of throwing or defaulting.</summary>
internal sealed class YamlErrors
{
    public List<RuleError> Errors { get; } = [];

    public void Add(YamlNode node, string rule, string message) =>
        Errors.Add(new RuleError((int)node.Start.Line, (int)node.Start.Column, rule, message));

    public void Add(Mark mark, string rule, string message) =>
        Errors.Add(new RuleError((int)mark.Line, (int)mark.Column, rule, message));

    public YamlMappingNode? Mapping(YamlNode node, string rule, params string[] allowed)
    {
        if (node is not YamlMappingNode map)
        {
            Add(node, rule, "expected a mapping (key: value lines)");
            return null;
        }

        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(allowed, name) < 0)
            {
                Add(key, rule, $"unknown field '{name}' (allowed: {string.Join(", ", allowed)})");
            }
        }

        return map;
    }

    public IEnumerable<YamlNode> Sequence(YamlNode node, string rule)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children;
        }

        Add(node, rule, "expected a list (lines starting with '-')");
        return [];
    }

    public static YamlNode? Get(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? Text(YamlMappingNode? map, string key, string rule, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required && map is not null)
            {
                Add(map, rule, $"'{key}' is required");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Add(node, rule, $"'{key}' must be a single value");
        return null;
    }

    public double? Number(YamlMappingNode? map, string key, string rule, bool required = false)
    {
        var text = Text(map, key, rule, required);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        Add(Get(map, key)!, rule, $"'{key}' must be a number, not '{text}'");
        return null;
    }

    public int? PositiveInt(YamlMappingNode? map, string key, string rule, int min = 1, int max = int.MaxValue)
    {
        var value = Number(map, key, rule);
        if (value is null)
        {
            return null;
        }

        if (value < min || value > max || value != Math.Floor(value.Value))
        {
            Add(Get(map, key)!, rule, max == int.MaxValue
                ? $"'{key}' must be a whole number of at least {min}"
                : $"'{key}' must be a whole number from {min} to {max}");
            return null;
        }

        return (int)Math.Min(value.Value, int.MaxValue);
    }

    public long? Duration(YamlMappingNode? map, string key, string rule, bool required = false)
    {
        var text = Text(map, key, rule, required);
        if (text is null)
        {
            return null;
        }

        try
        {
            var tokens = Lexer.Tokenize(text);
            if (tokens is [{ Kind: TokenKind.Duration } duration, { Kind: TokenKind.End }] && duration.Number > 0)
            {
                return (long)duration.Number;
            }
        }
        catch (ExpressionException)
        {
        }

        Add(Get(map, key)!, rule, $"'{key}' must be a positive duration such as 30d, 12h or 15m, not '{text}'");
        return null;
    }

    public List<string> Strings(YamlMappingNode? map, string key, string rule)
    {
        var node = Get(map, key);
        var values = new List<string>();
        if (node is null)
        {
            return values;
        }

        if (node is YamlScalarNode { Value: { } single })
        {
            values.Add(single);
            return values;
        }

        foreach (var item in Sequence(node, rule))
        {
            if (item is YamlScalarNode { Value: { } value })
            {
                values.Add(value);
            }
            else
            {
                Add(item, rule, $"'{key}' items must be single values");
            }
        }

        return values;
    }

    public double[]? Numbers(YamlMappingNode? map, string key, string rule)
    {
        var node = Get(map, key);
        if (node is null)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var item in Sequence(node, rule))
        {
            if (item is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values.Add(value);
            }
            else
            {
                Add(item, rule, $"'{key}' items must be numbers");
            }
        }

        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] <= values[i - 1])
            {
                Add(node, rule, $"'{key}' must be in ascending order");
                break;
            }
        }

        return [.. values];
    }

    /// <summary>Compiles a condition; errors point at the line and column inside the YAML where the fault is.</summary>
    public CompiledExpression? Expression(YamlMappingNode? map, string key, string rule, CompileScope scope, bool required)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required && map is not null)
            {
                Add(map, rule, $"'{key}' is required");
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { } text } scalar)
        {
            Add(node, rule, $"'{key}' must be an expression");
            return null;
        }

        try
        {
            return ExpressionCompiler.CompileCondition(text, scope);
        }
        catch (ExpressionException e)
        {
            var (line, column) = Locate(scalar, text, e.Position);
            Errors.Add(new RuleError(line, column, rule, e.Message));
            return null;
        }
    }

    /// <summary>Maps an offset in a scalar's value to the YAML line and column (exact for single-line scalars).</summary>
    private static (int Line, int Column) Locate(YamlScalarNode scalar, string text, int offset)
    {
        var line = (int)scalar.Start.Line;
        var column = (int)scalar.Start.Column;
        var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        var lastBreak = text.LastIndexOf('\n', Math.Max(0, Math.Min(offset, text.Length) - 1));
        if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            var lines = text[..Math.Min(offset, text.Length)].Count(c => c == '\n');
            return (line + 1 + lines, offset - lastBreak);
        }

        return lastBreak < 0 ? (line, column + quoted + offset) : (line, column + quoted + offset);
    }
}
