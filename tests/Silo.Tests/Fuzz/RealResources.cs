namespace Notifications.Silo.Tests.Fuzz;

/// <summary>Ids of what exists in the fuzzed silo, so that operations on one meet a real one as well as made-up ones.</summary>
public sealed class RealResources
{
    public List<string> Users { get; } = [];

    public List<string> Notifications { get; } = [];

    public List<string> DeadLetters { get; } = [];

    public List<string> Schedules { get; } = [];

    public List<string> Templates { get; } = [];

    public List<string> Categories { get; } = [];

    public List<string> Topics { get; } = [];

    public List<string> TopicSends { get; } = [];

    public List<string> AudienceSends { get; } = [];

    public List<string> Workflows { get; } = [];

    public List<string> WorkflowRuns { get; } = [];

    /// <summary>The real ids a path parameter can take, told by the path segment before it (<c>/topics/{topicId}</c>).</summary>
    public IReadOnlyList<string> ForPathParameter(string pathTemplate, string parameter)
    {
        var segments = pathTemplate.Split('/');
        var at = Array.IndexOf(segments, $"{{{parameter}}}");
        return (at > 0 ? segments[at - 1] : "") switch
        {
            "users" or "subscribers" or "recipients" => Users,
            "notifications" => Notifications,
            "dead-letters" => DeadLetters.Count > 0 ? DeadLetters : Notifications,
            "schedules" => Schedules,
            "templates" => Templates,
            "categories" => Categories,
            "topics" => Topics,
            "workflows" => Workflows,
            "workflow-runs" => WorkflowRuns,
            "sends" when pathTemplate.Contains("/audiences/", StringComparison.Ordinal) => AudienceSends,
            "sends" => TopicSends,
            _ => [],
        };
    }
}
