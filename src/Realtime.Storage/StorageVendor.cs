namespace Realtime.Storage;

/// <summary>The database behind the stores. The C# path is the same; only the embedded SQL files differ.</summary>
public enum StorageVendor
{
    /// <summary>An embedded SQLite file under the data folder (the default: nothing to install).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, chosen by setting a connection string.</summary>
    PostgreSql,
}

internal static class StorageVendorExtensions
{
    /// <summary>The prefix of the vendor's SQL files: <c>Sqlite-EventLog.sql</c>, <c>PostgreSQL-EventLog.sql</c>.</summary>
    public static string FilePrefix(this StorageVendor vendor) => vendor switch
    {
        StorageVendor.Sqlite => "Sqlite",
        StorageVendor.PostgreSql => "PostgreSQL",
        _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, "Unknown storage vendor."),
    };
}
