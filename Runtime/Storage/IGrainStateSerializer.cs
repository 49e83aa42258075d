namespace Notifications.Runtime;

public interface IGrainStateSerializer
{
    byte[] Serialize<T>(T state);

    T Deserialize<T>(byte[] data);
}
