using System.Security;

namespace Notifications.Grains;

/// <summary>Twilio Calls: <c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c> with TwiML that reads the text aloud.</summary>
public sealed class TwilioVoiceProvider(TwilioClient twilio, ProviderCallbacks callbacks) : IDeliveryProvider<VoiceMessage>
{
    /// <summary>Twilio's limit for inline TwiML.</summary>
    public const int MaxTwimlLength = 4000;

    public string Name => twilio.Name;

    public Task<DeliveryResult> SendAsync(VoiceMessage message, CancellationToken cancellationToken)
    {
        var settings = twilio.Settings;
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", message.To),
            new("From", settings.From ?? ""),
            new("Twiml", Twiml(message.Text, message.Language)),
        };
        if (callbacks.TwilioStatusUrl(Name, message.NotificationId) is { } callback)
        {
            form.Add(new("StatusCallback", callback));
        }

        return twilio.CreateAsync("Calls", message.To, form, cancellationToken);
    }

    /// <summary>Says the text twice, in the voice of the user's language, so that a late listener still hears it.</summary>
    public static string Twiml(string text, string? language)
    {
        var say = $"<Say language=\"{SayLanguages.For(language)}\">{SecurityElement.Escape(text)}</Say>";
        var twiml = $"<Response>{say}<Pause length=\"1\"/>{say}</Response>";
        if (twiml.Length <= MaxTwimlLength)
        {
            return twiml;
        }

        var overhead = "<Response><Say language=\"xx-XX\"></Say></Response>".Length + 16;
        return $"<Response><Say language=\"{SayLanguages.For(language)}\">{SecurityElement.Escape(Shorten(text, MaxTwimlLength - overhead))}</Say></Response>";
    }

    private static string Shorten(string text, int escapedLength)
    {
        // Escaping can lengthen each character up to six times; cut until it fits.
        var cut = text;
        while (SecurityElement.Escape(cut).Length > escapedLength)
        {
            cut = cut[..(cut.Length * 9 / 10)];
        }

        return cut;
    }
}
