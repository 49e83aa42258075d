namespace Notifications.Grains;

public sealed class TemplatesGrainState
{
    /// <summary>Every version of every template, oldest first.</summary>
    public Dictionary<string, List<TemplateVersion>> Templates { get; set; } = [];
}
