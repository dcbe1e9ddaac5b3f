using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Realtime.Pressure;

public sealed partial class PressurePolicy
{
    /// <summary>The ruleset key this policy lives under.</summary>
    public const string SectionName = "contact_pressure";

    /// <summary>
    /// Reads the <c>contact_pressure:</c> section of a ruleset document (other top-level keys belong to other
    /// sections and are left alone). A document without the section gives <see cref="Default"/>.
    /// </summary>
    /// <exception cref="PressurePolicyException">The section has errors; each names its line, column and setting.</exception>
    public static PressurePolicy Parse(string yaml) =>
        TryParse(yaml, out var policy, out var errors) ? policy : throw new PressurePolicyException(errors);

    /// <inheritdoc cref="Parse(string)"/>
    public static bool TryParse(string yaml, out PressurePolicy policy, out IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var found = new List<PolicyError>();
        errors = found;
        policy = Default;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            found.Add(new PolicyError((int)e.Start.Line, (int)e.Start.Column, SectionName, e.Message));
            return false;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return true;
        }

        if (root.Children.TryGetValue(new YamlScalarNode(SectionName), out var section))
        {
            policy = FromNode(section, found);
        }

        return found.Count == 0;
    }

    /// <summary>
    /// Builds a policy from the section's node, for a rules engine that has already loaded the whole document.
    /// Errors are added to <paramref name="errors"/>; a setting in error keeps its default.
    /// </summary>
    public static PressurePolicy FromNode(YamlNode section, ICollection<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(errors);
        return new PolicyReader(errors).ReadPolicy(section, SectionName);
    }
}
