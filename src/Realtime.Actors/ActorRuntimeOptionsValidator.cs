using Microsoft.Extensions.Options;

namespace Realtime.Actors;

/// <summary>Checks <see cref="ActorRuntimeOptions"/>; each message names the setting to fix.</summary>
public sealed class ActorRuntimeOptionsValidator : IValidateOptions<ActorRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, ActorRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? errors = null;
        void Check(bool ok, string error)
        {
            if (!ok)
            {
                (errors ??= []).Add(error);
            }
        }

        Check(options.Shards is >= 1 and <= 1024, $"Actors:Shards must be between 1 and 1024 (was {options.Shards}).");
        Check(options.QueueCapacity >= 16, $"Actors:QueueCapacity must be at least 16 (was {options.QueueCapacity}).");
        Check(options.MaxParkedMessages >= 1, $"Actors:MaxParkedMessages must be positive (was {options.MaxParkedMessages}).");
        Check(options.AskTimeout > TimeSpan.Zero, $"Actors:AskTimeout must be positive (was {options.AskTimeout}).");
        Check(options.IdleTimeout > TimeSpan.Zero, $"Actors:IdleTimeout must be positive (was {options.IdleTimeout}).");
        Check(options.IdleScanInterval >= TimeSpan.Zero, $"Actors:IdleScanInterval must not be negative (was {options.IdleScanInterval}).");
        Check(options.SaveInterval > TimeSpan.Zero, $"Actors:SaveInterval must be positive (was {options.SaveInterval}).");
        Check(options.SaveBatchSize >= 1, $"Actors:SaveBatchSize must be positive (was {options.SaveBatchSize}).");
        Check(options.MaxDirtyActors >= options.SaveBatchSize, $"Actors:MaxDirtyActors ({options.MaxDirtyActors}) must be at least Actors:SaveBatchSize ({options.SaveBatchSize}).");
        Check(options.DueScanInterval > TimeSpan.Zero, $"Actors:DueScanInterval must be positive (was {options.DueScanInterval}).");
        return errors is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
