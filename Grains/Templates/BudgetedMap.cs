using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Notifications.Grains;

/// <summary>An object in a template's data whose every entry looped over counts against the render's <see cref="RenderBudget"/>.</summary>
internal sealed class BudgetedMap(Dictionary<string, object?> entries, RenderBudget budget) : IReadOnlyDictionary<string, object?>
{
    public int Count => entries.Count;

    public IEnumerable<string> Keys => entries.Keys;

    public IEnumerable<object?> Values => entries.Values;

    public object? this[string key] => entries[key];

    public bool ContainsKey(string key) => entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => entries.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var entry in entries)
        {
            budget.Iterate();
            yield return entry;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
