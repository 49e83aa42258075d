namespace Notifications.Runtime;

public interface IGrainReminder
{
    string ReminderName { get; }
}
