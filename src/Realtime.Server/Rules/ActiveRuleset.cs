namespace Realtime.Server.Rules;

/// <summary>
/// The ruleset version in force. Actors read <see cref="Current"/> at the start of each turn and re-evaluate a
/// customer whose state was computed under an older version, so a publish takes effect without a restart.
/// </summary>
public sealed class ActiveRuleset(RulesetBundle initial)
{
    private RulesetBundle _current = initial;

    public RulesetBundle Current => Volatile.Read(ref _current);

    public event Action<RulesetBundle>? Published;

    public void Publish(RulesetBundle bundle)
    {
        Volatile.Write(ref _current, bundle);
        Published?.Invoke(bundle);
    }
}
