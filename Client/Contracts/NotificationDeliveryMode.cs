namespace Notifications.Client;

/// <summary>How many times a notification may reach its recipient; the README says what each promises.</summary>
public enum NotificationDeliveryMode
{
    AtLeastOnce,
    AtMostOnce,
    ExactlyOnce,
}
