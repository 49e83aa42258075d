using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.Grains;

/// <summary>The provider types each route can be configured with.</summary>
internal static partial class ProviderRegistrations
{
    public static IServiceCollection AddProviderTypes(this IServiceCollection services)
    {
        services.AddSingleton(new ProviderType(SmsChannelGrain.Route, "twilio", typeof(SmsMessage),
            (sp, section, name) => new TwilioSmsProvider(Twilio(sp, section, name), sp.GetRequiredService<ProviderCallbacks>())));
        services.AddSingleton(new ProviderType(VoiceChannelGrain.Route, "twilio", typeof(VoiceMessage),
            (sp, section, name) => new TwilioVoiceProvider(Twilio(sp, section, name), sp.GetRequiredService<ProviderCallbacks>())));
        services.AddSingleton(new ProviderType(EmailChannelGrain.Route, "smtp", typeof(EmailMessage), (_, section, name) =>
        {
            var settings = Bind<SmtpSettings>(section);
            Require(section, nameof(settings.Host), settings.Host.Length > 0, "the SMTP server's host name");
            return new SmtpEmailProvider(name, settings);
        }));
        services.AddSingleton(new ProviderType(EmailChannelGrain.Route, "sendgrid", typeof(EmailMessage), (sp, section, name) =>
        {
            var settings = Bind<SendGridSettings>(section);
            Require(section, nameof(settings.ApiKey), settings.ApiKey.Length > 0, "a SendGrid API key");
            return new SendGridEmailProvider(name, settings, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>());
        }));
        services.AddSingleton(new ProviderType(EmailChannelGrain.Route, "acs", typeof(EmailMessage), (sp, section, name) =>
        {
            var settings = Bind<AcsEmailSettings>(section);
            Require(section, nameof(settings.ConnectionString), AcsEmailProvider.IsValidConnectionString(settings.ConnectionString), "endpoint=https://...;accesskey=<base64>");
            return new AcsEmailProvider(name, settings, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>());
        }));
        services.AddSingleton(new ProviderType(WebPushChannelGrain.Route, "vapid", typeof(WebPushMessage), (sp, section, name) =>
        {
            var settings = Bind<VapidSettings>(section);
            Require(section, nameof(settings.Subject), settings.Subject.StartsWith("mailto:", StringComparison.Ordinal) || settings.Subject.StartsWith("https:", StringComparison.Ordinal), "a mailto: or https: contact");
            Require(section, nameof(settings.PrivateKey), IsBase64Url(settings.PrivateKey, 32), "the base64url of a 32-byte P-256 private key");
            return new VapidWebPushProvider(name, settings, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>());
        }));
        services.AddSingleton(new ProviderType(PushChannelGrain.ApnsRoute, "apns", typeof(PushMessage), (sp, section, name) =>
        {
            var settings = Bind<ApnsSettings>(section);
            Require(section, nameof(settings.TeamId), settings.TeamId.Length == 10, "the 10-character team id");
            Require(section, nameof(settings.KeyId), settings.KeyId.Length == 10, "the 10-character key id");
            Require(section, nameof(settings.BundleId), settings.BundleId.Length > 0, "the app's bundle id");
            Require(section, nameof(settings.PrivateKey), settings.PrivateKey.Contains("PRIVATE KEY", StringComparison.Ordinal), "the .p8 key's PEM content");
            Require(section, nameof(settings.TokenLifetime), settings.TokenLifetime >= TimeSpan.FromMinutes(20) && settings.TokenLifetime < TimeSpan.FromMinutes(60), "between 20 and 60 minutes");
            return new ApnsProvider(name, settings, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>());
        }));
        services.AddSingleton(new ProviderType(PushChannelGrain.FcmRoute, "fcm", typeof(PushMessage), (sp, section, name) =>
        {
            var settings = Bind<FcmSettings>(section);
            Require(section, nameof(settings.ServiceAccountJson), settings.ServiceAccountJson.Contains("\"private_key\"", StringComparison.Ordinal), "a service account's JSON key");
            return new FcmProvider(name, settings, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>());
        }));
        return services;
    }

    private static bool IsBase64Url(string text, int bytes)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text).Length == bytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static TwilioClient Twilio(IServiceProvider services, IConfigurationSection section, string name)
    {
        var settings = Bind<TwilioSettings>(section);
        Require(section, nameof(settings.AccountSid), AccountSidPattern().IsMatch(settings.AccountSid), "AC followed by 32 hex digits");
        Require(section, nameof(settings.AuthToken), settings.AuthToken.Length > 0 || settings.ApiKeySid is { Length: > 0 }, "the account's auth token");
        Require(section, nameof(settings.From), settings.From is { Length: > 0 } || settings.MessagingServiceSid is { Length: > 0 }, "a sending number, or a MessagingServiceSid");
        return new TwilioClient(name, settings, services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<TimeProvider>());
    }

    private static T Bind<T>(IConfigurationSection section)
        where T : new() => section.Get<T>() ?? new T();

    /// <summary>Names the setting that is wrong, never its value: it may be a secret.</summary>
    private static void Require(IConfigurationSection section, string key, bool valid, string expected)
    {
        if (!valid)
        {
            throw new InvalidOperationException($"{section.Path}:{key} must be {expected}.");
        }
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();
}
