namespace Notifications.Grains;

public enum EngagementAction
{
    Opened,
    Clicked,
    Dismissed,
}
