namespace Notifications.Grains;

/// <summary>An alert raised and not yet resolved.</summary>
/// <param name="Id">Names this occurrence: its raised and resolved events carry it.</param>
/// <param name="Subject">What it is about: a route and provider, a channel, a tenant.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.ActiveAlert")]
public sealed record ActiveAlert(string Id, string Kind, string Subject, string Reason, DateTimeOffset RaisedAt, string? Channel = null, string? Provider = null)
{
    public static string NewId() => "alert_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
