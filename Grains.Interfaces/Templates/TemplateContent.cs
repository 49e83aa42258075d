namespace Notifications.Grains;

/// <summary>
/// One locale's Handlebars templates. Only <see cref="Body"/> is required; each channel falls back to the more
/// general field: SMS and voice to the body, the email subject to the title, the email text to the body, the email
/// HTML to the text.
/// </summary>
/// <param name="Title">Push, web push, in-app and webhook title.</param>
/// <param name="Body">Push, web push, in-app and webhook body, and the fallback of every channel.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TemplateContent")]
public sealed record TemplateContent(
    string Body,
    string? Title = null,
    string? Subject = null,
    string? Html = null,
    string? Text = null,
    string? Sms = null,
    string? Voice = null);
