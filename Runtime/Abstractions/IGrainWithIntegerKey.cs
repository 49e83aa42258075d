namespace Notifications.Runtime;

public interface IGrainWithIntegerKey : IGrain;
