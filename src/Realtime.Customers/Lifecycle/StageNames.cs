using Realtime.Contracts.V1;

namespace Realtime.Customers.Lifecycle;

/// <summary>The names rules use for lifecycle stages (snake case, as in the ruleset).</summary>
public static class StageNames
{
    public static string NameOf(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Lead => "lead",
        LifecycleStage.Prospect => "prospect",
        LifecycleStage.AssuredProspect => "assured_prospect",
        LifecycleStage.Customer => "customer",
        LifecycleStage.Inactive => "inactive",
        _ => "",
    };

    public static bool TryParse(string name, out LifecycleStage stage)
    {
        stage = name switch
        {
            "lead" => LifecycleStage.Lead,
            "prospect" => LifecycleStage.Prospect,
            "assured_prospect" => LifecycleStage.AssuredProspect,
            "customer" => LifecycleStage.Customer,
            "inactive" => LifecycleStage.Inactive,
            _ => LifecycleStage.Unspecified,
        };
        return stage != LifecycleStage.Unspecified;
    }
}
