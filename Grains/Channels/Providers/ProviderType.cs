using Microsoft.Extensions.Configuration;

namespace Notifications.Grains;

/// <summary>A kind of provider a route can be configured with, and how to build one from its configuration.</summary>
/// <param name="Route">The route: email, sms, voice, fcm, apns or webpush.</param>
/// <param name="Type">The <c>Type</c> a configured provider names.</param>
/// <param name="Create">Builds the provider from its configuration section and its name.</param>
public sealed record ProviderType(
    string Route,
    string Type,
    Type MessageType,
    Func<IServiceProvider, IConfigurationSection, string, object> Create);
