namespace Notifications.Client;

/// <summary>One locale's Handlebars templates; only <paramref name="Body"/> is required.</summary>
/// <param name="Title">Push, web push, in-app and webhook title; the email subject when there is no <paramref name="Subject"/>.</param>
/// <param name="Body">Push, web push, in-app and webhook body, and the fallback of every other field.</param>
/// <param name="Html">Email HTML (HTML-escaped variables); without it the email's HTML is made from its text.</param>
/// <param name="Text">Email text part.</param>
public sealed record TemplateLocale(
    string Body,
    string? Title = null,
    string? Subject = null,
    string? Html = null,
    string? Text = null,
    string? Sms = null,
    string? Voice = null);
