namespace Notifications.Runtime;

/// <summary>What code outside grains (the front door, hosted services) uses to reach grains and streams.</summary>
public interface IClusterClient : IGrainFactory
{
    IStreamProvider GetStreamProvider(string name);
}
