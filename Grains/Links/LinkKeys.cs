namespace Notifications.Grains;

/// <summary>The link keys in force: the first seals, every one opens what it sealed (a master key replaced is kept for its links).</summary>
public sealed record LinkKeys(IReadOnlyList<LinkKey> Keys)
{
    public LinkKey Current => Keys[0];

    public static LinkKeys DerivedFrom(params IEnumerable<byte[]> masterKeys) => new([.. masterKeys.Select(LinkKey.DerivedFrom)]);
}
