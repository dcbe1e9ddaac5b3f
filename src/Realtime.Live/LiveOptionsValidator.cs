using Microsoft.Extensions.Options;

namespace Realtime.Live;

/// <summary>Checks <see cref="LiveOptions"/> at start, with messages that name the setting to fix.</summary>
public sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Check(errors, nameof(LiveOptions.PushInterval), options.PushInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Check(errors, nameof(LiveOptions.PressureInterval), options.PressureInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
        Check(errors, nameof(LiveOptions.DashboardClientQueueCapacity), options.DashboardClientQueueCapacity, 2, 10_000);
        Check(errors, nameof(LiveOptions.MaxConsecutiveResnapshots), options.MaxConsecutiveResnapshots, 0, 100);
        Check(errors, nameof(LiveOptions.PressureClientQueueCapacity), options.PressureClientQueueCapacity, 1, 100_000);
        Check(errors, nameof(LiveOptions.PressureFeedCapacity), options.PressureFeedCapacity, 16, 10_000_000);
        Check(errors, nameof(LiveOptions.SegmentSubscriptionCapacity), options.SegmentSubscriptionCapacity, 16, 1_000_000);
        Check(errors, nameof(LiveOptions.MaxWatchesPerClient), options.MaxWatchesPerClient, 1, 10_000);
        Check(errors, nameof(LiveOptions.MaxCustomerViewsPerPush), options.MaxCustomerViewsPerPush, 1, 100_000);
        Check(errors, nameof(LiveOptions.MaximumReceiveMessageSize), options.MaximumReceiveMessageSize, 1024, 1024 * 1024);
        Check(errors, nameof(LiveOptions.ClientTimeoutInterval), options.ClientTimeoutInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(errors, nameof(LiveOptions.HandshakeTimeout), options.HandshakeTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        if (options.KeepAliveInterval <= TimeSpan.Zero || options.KeepAliveInterval * 2 > options.ClientTimeoutInterval)
        {
            errors.Add($"{LiveOptions.SectionName}:KeepAliveInterval must be positive and at most half of ClientTimeoutInterval ({options.ClientTimeoutInterval}); it is {options.KeepAliveInterval}.");
        }

        CheckPath(errors, nameof(LiveOptions.DashboardPath), options.DashboardPath);
        CheckPath(errors, nameof(LiveOptions.PressurePath), options.PressurePath);
        if (string.Equals(options.DashboardPath, options.PressurePath, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{LiveOptions.SectionName}:DashboardPath and PressurePath must differ (both are '{options.DashboardPath}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check<T>(List<string> errors, string setting, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"{LiveOptions.SectionName}:{setting} must be between {min} and {max}; it is {value}.");
        }
    }

    private static void CheckPath(List<string> errors, string setting, string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            errors.Add($"{LiveOptions.SectionName}:{setting} must be a path starting with '/'; it is '{path}'.");
        }
    }
}
