namespace Notifications.Runtime;

public interface IGrainWithGuidKey : IGrain;
