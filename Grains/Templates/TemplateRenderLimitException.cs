namespace Notifications.Grains;

/// <summary>A template that would cost more to render than a message may (<see cref="RenderBudget"/>): it never will render, so it is not retried.</summary>
[GenerateSerializer, Alias("Notifications.Grains.TemplateRenderLimitException")]
public sealed class TemplateRenderLimitException(string message) : Exception(message);
