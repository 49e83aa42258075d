namespace Notifications.Grains;

/// <summary>An update that would take a user past <see cref="UserLimits"/>: refused whole, the user left as it was.</summary>
[GenerateSerializer, Alias("Notifications.Grains.UserLimitException")]
public sealed class UserLimitException(string field, string message) : Exception(message)
{
    /// <summary>The request's field that would pass the limit, as the API names it.</summary>
    [Id(0)]
    public string Field { get; } = field;
}
