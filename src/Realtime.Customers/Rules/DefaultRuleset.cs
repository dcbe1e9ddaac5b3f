namespace Realtime.Customers.Rules;

/// <summary>The ruleset that ships with the server (embedded resource), loaded on first start.</summary>
public static class DefaultRuleset
{
    private const string ResourceName = "Realtime.Customers.default-ruleset.yaml";

    public static string Yaml { get; } = ReadResource();

    public static CompiledRuleset Load(long? version = null) => RulesetLoader.LoadOrThrow(Yaml, version);

    private static string ReadResource()
    {
        using var stream = typeof(DefaultRuleset).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
