namespace Notifications.Runtime.Tests;

public sealed class CounterState
{
    public int Value { get; set; }
}
