using System.Text;

namespace Notifications.Grains;

/// <summary>Collects a template's output, each character counted against the render's <see cref="RenderBudget"/>.</summary>
internal sealed class BudgetedWriter(RenderBudget budget) : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value)
    {
        budget.Wrote(1);
        _text.Append(value);
    }

    public override void Write(string? value)
    {
        budget.Wrote(value?.Length ?? 0);
        _text.Append(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        budget.Wrote(count);
        _text.Append(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        budget.Wrote(buffer.Length);
        _text.Append(buffer);
    }

    public override string ToString() => _text.ToString();
}
