namespace Notifications.Runtime;

public interface IGrainWithStringKey : IGrain;
