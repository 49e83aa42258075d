using Azure.Data.Tables;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>Whether the Azure Table service that holds the cluster's state answers.</summary>
internal sealed class AzureTableStorageHealth(TableServiceClient tables) : IStorageHealth
{
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await tables.GetPropertiesAsync(cancellationToken);
        return true;
    }
}
