namespace Realtime.Storage.Rulesets;

/// <summary>
/// A publish of <see cref="AttemptedVersion"/> lost: it is not the version right after <see cref="LatestVersion"/>,
/// usually because another publisher stored that version first. Read the latest and try again.
/// </summary>
public sealed class RulesetVersionConflictException : Exception
{
    public RulesetVersionConflictException(long attemptedVersion, long latestVersion, Exception? innerException = null)
        : base($"Ruleset v{attemptedVersion} was not published: v{latestVersion} is the latest stored version, so only v{latestVersion + 1} can follow it.", innerException)
    {
        AttemptedVersion = attemptedVersion;
        LatestVersion = latestVersion;
    }

    public RulesetVersionConflictException()
        : this(0, 0)
    {
    }

    public RulesetVersionConflictException(string message)
        : base(message)
    {
    }

    public RulesetVersionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long AttemptedVersion { get; }

    public long LatestVersion { get; }
}
