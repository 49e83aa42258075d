using System.Text.Json;

namespace Notifications.Grains.Tests;

public sealed class AttributeFilterTests
{
    private static readonly Dictionary<string, JsonElement> Berliner = Attributes("""
        {"country": "DE", "plan": "pro", "age": 34, "beta": true, "signed_up": "2026-03-01", "tags": ["early", "vip"],
         "address": {"city": "Berlin"}, "nickname": null}
        """);

    [Theory]
    [InlineData("""country == "DE" and plan in ["pro", "team"]""", true)]
    [InlineData("""country == "DE" and plan in ["free"]""", false)]
    [InlineData("""country == "FR" or age >= 34""", true)]
    [InlineData("""not (country == "DE")""", false)]
    [InlineData("""plan not in ["free", "team"]""", true)]
    [InlineData("""age > 30 and age < 40 and age != 35""", true)]
    [InlineData("""age <= 33.5""", false)]
    [InlineData("""beta == true and address.city == "Berlin" """, true)]
    [InlineData("""signed_up >= "2026-01-01" and signed_up < "2026-06-01" """, true)]
    [InlineData("""tags == "vip" and tags in ["x", "early"]""", true)]
    [InlineData("""missing == null and nickname == null and not missing exists and not nickname exists and country exists""", true)]
    [InlineData("""missing > 1 or missing < 1 or missing == 1 or age > "30" """, false)]
    [InlineData("""country == "de" """, false)]
    [InlineData("""COUNTRY == "DE" """, false)]
    [InlineData("""country == "DE" AND (plan == "free" OR plan == "pro")""", true)]
    [InlineData("""a == 1 or b == 2 and c == 3""", false)]
    [InlineData("""beta and (address.city == "Berlin" or missing)""", true)]
    [InlineData("""not beta or country""", false)]
    public void A_filter_matches_as_its_expression_says(string filter, bool expected)
    {
        Assert.True(AttributeFilter.TryParse(filter, out var compiled, out var error), error);
        Assert.Equal(expected, compiled!.Matches(Berliner));
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var filter = AttributeFilter.Parse("""country == "FR" or country == "DE" and plan == "free" """);

        Assert.False(filter.Matches(Berliner));
        Assert.True(filter.Matches(Attributes("""{"country": "FR"}""")));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("""country = "DE" """, "At character 9: expected ==")]
    [InlineData("""country == DE""", "At character 12: 'DE' is not a value")]
    [InlineData("""country == "DE""", "At character 12: a string is not closed")]
    [InlineData("""plan in "pro" """, "At character 9: expected a list")]
    [InlineData("""plan in ["pro" "team"]""", "At character 16: expected ',' or ']'")]
    [InlineData("""(country == "DE" """, "expected ')'")]
    [InlineData("""country == "DE" plan == "pro" """, "At character 17: expected 'and', 'or' or the end")]
    [InlineData("""== "DE" """, "At character 1: expected an attribute name")]
    [InlineData("""plan not == "pro" """, "expected 'in' after 'not'")]
    public void A_bad_filter_is_refused_saying_where_and_why(string filter, string reason)
    {
        Assert.False(AttributeFilter.TryParse(filter, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_filter_too_long_or_too_deep_is_refused()
    {
        Assert.False(AttributeFilter.TryParse(new string('x', AttributeFilter.MaxLength + 1), out _, out var tooLong));
        Assert.False(AttributeFilter.TryParse(string.Concat(Enumerable.Repeat("not ", 40)) + "a exists", out _, out var tooDeep));

        Assert.Contains("At most", tooLong);
        Assert.Contains("nested more than", tooDeep);
    }

    private static Dictionary<string, JsonElement> Attributes(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
