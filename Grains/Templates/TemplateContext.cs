namespace Notifications.Grains;

/// <summary>What a template sees (<c>user</c>, <c>data</c>), with the budget its rendering spends (<see cref="RenderBudget"/>).</summary>
public sealed class TemplateContext(RenderBudget budget) : Dictionary<string, object?>(StringComparer.Ordinal)
{
    public RenderBudget Budget => budget;
}
