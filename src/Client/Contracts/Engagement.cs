namespace Notifications.Client;

public enum Engagement
{
    Opened,
    Clicked,
    Dismissed,
}
