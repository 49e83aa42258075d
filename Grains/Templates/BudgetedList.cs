using System.Collections;

namespace Notifications.Grains;

/// <summary>A list in a template's data whose every item read counts against the render's <see cref="RenderBudget"/>.</summary>
internal sealed class BudgetedList(object?[] items, RenderBudget budget) : IReadOnlyList<object?>
{
    public int Count => items.Length;

    /// <summary>As an array answers <c>{{#if user.tags.length}}</c>.</summary>
    public int Length => items.Length;

    public object? this[int index]
    {
        get
        {
            budget.Iterate();
            return items[index];
        }
    }

    public IEnumerator<object?> GetEnumerator()
    {
        foreach (var item in items)
        {
            budget.Iterate();
            yield return item;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
