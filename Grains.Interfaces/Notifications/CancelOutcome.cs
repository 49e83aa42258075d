namespace Notifications.Grains;

public enum CancelOutcome
{
    Cancelled,
    NotFound,
    TooLate,
}
