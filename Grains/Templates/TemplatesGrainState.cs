namespace Notifications.Grains;

[GenerateSerializer, Alias("Notifications.Grains.TemplatesGrainState")]
public sealed class TemplatesGrainState
{
    /// <summary>Every version of every template, oldest first.</summary>
    [Id(0)]
    public Dictionary<string, List<TemplateVersion>> Templates { get; set; } = [];
}
