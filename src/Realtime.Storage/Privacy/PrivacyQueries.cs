using System.Data;
using System.Data.Common;
using Realtime.Storage.Identity;

namespace Realtime.Storage.Privacy;

/// <summary>Reads shared by the identity index and the privacy store.</summary>
internal static class PrivacyQueries
{
    public static async Task<IReadOnlyList<IdentityKey>> ReadIdentityKeysAsync(Database database, DbConnection connection, DbTransaction? transaction, string customerId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(connection, database.Identity["ReadCustomerIdentities"], transaction);
        Database.AddParameter(command, "customer_id", DbType.String, customerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<IdentityKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new IdentityKey(Enum.Parse<IdentityKind>(reader.GetString(0)), reader.GetString(1)));
        }

        return keys;
    }
}
