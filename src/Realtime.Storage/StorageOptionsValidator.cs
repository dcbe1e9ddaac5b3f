using Microsoft.Extensions.Options;

namespace Realtime.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start, with messages that name the setting to fix.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Vendor == StorageVendor.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(options.DataDir))
            {
                failures.Add("Realtime:DataDir must name a folder for the SQLite file (or set Realtime:Postgres to use PostgreSQL).");
            }

            if (string.IsNullOrWhiteSpace(options.SqliteFileName) || options.SqliteFileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                failures.Add($"Realtime:SqliteFileName must be a plain file name; '{options.SqliteFileName}' is not.");
            }
        }
        else
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(options.Postgres);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Realtime:Postgres is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        if (options.MaxCommitRecords is < 1 or > 1_000_000)
        {
            failures.Add($"Realtime:MaxCommitRecords must be between 1 and 1,000,000; it is {options.MaxCommitRecords}.");
        }

        if (options.MaxPendingRecords < options.MaxCommitRecords)
        {
            failures.Add($"Realtime:MaxPendingRecords ({options.MaxPendingRecords}) must be at least Realtime:MaxCommitRecords ({options.MaxCommitRecords}).");
        }

        if (options.AppendTimeout <= TimeSpan.Zero && options.AppendTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"Realtime:AppendTimeout must be positive; it is {options.AppendTimeout}.");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Realtime:CommandTimeout must be at least 1 second; it is {options.CommandTimeout}.");
        }

        if (options.LogRetention < TimeSpan.Zero)
        {
            failures.Add($"Realtime:LogRetention must not be negative; it is {options.LogRetention}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
