namespace Notifications.Grains;

/// <summary>
/// What rendering one message's templates may cost: loop turns and characters written, across all its fields. A
/// template's data comes from callers and users, and a few nested <c>{{#each}}</c> over long lists would otherwise keep a
/// core busy for hours or fill the memory.
/// </summary>
public sealed class RenderBudget(CancellationToken cancellationToken = default)
{
    public const int MaxIterations = 100_000;
    public const int MaxCharacters = 1_000_000;

    private int _iterations;
    private int _characters;

    public void Reset() => (_iterations, _characters) = (0, 0);

    public void Iterate()
    {
        if (++_iterations > MaxIterations)
        {
            throw new TemplateRenderLimitException($"The template loops more than {MaxIterations:N0} times over its data.");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Wrote(int characters)
    {
        _characters += characters;
        if (_characters > MaxCharacters)
        {
            throw new TemplateRenderLimitException($"The template renders more than {MaxCharacters:N0} characters.");
        }
    }
}
