using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Notifications.Grains;

/// <summary>
/// A filter over a user's attributes, such as <c>country == "DE" and plan in ["pro", "team"]</c>, compiled once into
/// a predicate. Comparisons: <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>in [...]</c>,
/// <c>not in [...]</c>, <c>exists</c>, and a name alone for <c>== true</c>; joined by <c>and</c>, <c>or</c>, <c>not</c> and parentheses. Values are JSON
/// literals: strings in double quotes, numbers, <c>true</c>, <c>false</c>, <c>null</c>. A name reaches into nested
/// objects with dots (<c>address.city</c>). A missing attribute equals <c>null</c> and is neither less nor greater
/// than anything; against an attribute that is a list, <c>==</c> and <c>in</c> ask whether any of its items match.
/// </summary>
public sealed class AttributeFilter
{
    public const int MaxLength = 2_000;

    private const int MaxDepth = 32;

    private static readonly ConcurrentDictionary<string, AttributeFilter> Compiled = new(StringComparer.Ordinal);

    private readonly Func<IReadOnlyDictionary<string, JsonElement>, bool> _matches;

    private AttributeFilter(string text, Func<IReadOnlyDictionary<string, JsonElement>, bool> matches)
    {
        Text = text;
        _matches = matches;
    }

    public string Text { get; }

    public bool Matches(IReadOnlyDictionary<string, JsonElement> attributes) => _matches(attributes);

    /// <summary>Compiles <paramref name="text"/>; on failure <paramref name="error"/> says where and why.</summary>
    public static bool TryParse(string? text, out AttributeFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A filter is required, such as country == \"DE\" and plan in [\"pro\", \"team\"].";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"At most {MaxLength} characters.";
            return false;
        }

        if (Compiled.TryGetValue(text, out filter))
        {
            return true;
        }

        try
        {
            var parser = new Parser(text);
            filter = new AttributeFilter(text, parser.ParseFilter());
        }
        catch (FormatException exception)
        {
            error = exception.Message;
            return false;
        }

        if (Compiled.Count > 1_000)
        {
            Compiled.Clear();
        }

        Compiled[text] = filter;
        return true;
    }

    /// <summary>Compiles a filter the front door has already accepted.</summary>
    public static AttributeFilter Parse(string text) =>
        TryParse(text, out var filter, out var error) ? filter! : throw new FormatException(error);

    private static JsonElement? Resolve(IReadOnlyDictionary<string, JsonElement> attributes, string[] path)
    {
        if (!attributes.TryGetValue(path[0], out var value))
        {
            return null;
        }

        for (var i = 1; i < path.Length; i++)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(path[i], out value))
            {
                return null;
            }
        }

        return value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : value;
    }

    private static bool EqualsLiteral(JsonElement? value, JsonElement literal)
    {
        if (value is not { } present)
        {
            return literal.ValueKind == JsonValueKind.Null;
        }

        if (present.ValueKind == JsonValueKind.Array)
        {
            return present.EnumerateArray().Any(item => EqualsLiteral(item, literal));
        }

        return (present.ValueKind, literal.ValueKind) switch
        {
            (JsonValueKind.String, JsonValueKind.String) => present.ValueEquals(literal.GetString()),
            (JsonValueKind.Number, JsonValueKind.Number) => present.GetDouble() == literal.GetDouble(),
            (JsonValueKind.True or JsonValueKind.False, JsonValueKind.True or JsonValueKind.False) => present.ValueKind == literal.ValueKind,
            _ => false,
        };
    }

    /// <summary>Numbers against numbers, strings against strings (ordinal, so ISO dates order as times); else no order.</summary>
    private static int? Compare(JsonElement? value, JsonElement literal) => (value?.ValueKind, literal.ValueKind) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => value!.Value.GetDouble().CompareTo(literal.GetDouble()),
        (JsonValueKind.String, JsonValueKind.String) => string.CompareOrdinal(value!.Value.GetString(), literal.GetString()),
        _ => null,
    };

    /// <summary>A recursive-descent parser that builds the predicate as it reads.</summary>
    private sealed class Parser(string text)
    {
        private int _position;
        private int _depth;

        public Func<IReadOnlyDictionary<string, JsonElement>, bool> ParseFilter()
        {
            var filter = ParseOr();
            SkipSpace();
            return _position < text.Length ? throw Error($"expected 'and', 'or' or the end, found '{Rest()}'") : filter;
        }

        private Func<IReadOnlyDictionary<string, JsonElement>, bool> ParseOr()
        {
            var left = ParseAnd();
            while (TryKeyword("or"))
            {
                var (a, b) = (left, ParseAnd());
                left = attributes => a(attributes) || b(attributes);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, JsonElement>, bool> ParseAnd()
        {
            var left = ParseUnary();
            while (TryKeyword("and"))
            {
                var (a, b) = (left, ParseUnary());
                left = attributes => a(attributes) && b(attributes);
            }

            return left;
        }

        private Func<IReadOnlyDictionary<string, JsonElement>, bool> ParseUnary()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"nested more than {MaxDepth} deep");
            }

            try
            {
                if (TryKeyword("not"))
                {
                    var inner = ParseUnary();
                    return attributes => !inner(attributes);
                }

                SkipSpace();
                if (TrySymbol("("))
                {
                    var inner = ParseOr();
                    return TrySymbol(")") ? inner : throw Error("expected ')'");
                }

                return ParseComparison();
            }
            finally
            {
                _depth--;
            }
        }

        private Func<IReadOnlyDictionary<string, JsonElement>, bool> ParseComparison()
        {
            var path = ParsePath();
            if (TryKeyword("exists"))
            {
                return attributes => Resolve(attributes, path) is not null;
            }

            var negated = TryKeyword("not");
            if (TryKeyword("in"))
            {
                var list = ParseList();
                return negated
                    ? attributes => !list.Any(item => EqualsLiteral(Resolve(attributes, path), item))
                    : attributes => list.Any(item => EqualsLiteral(Resolve(attributes, path), item));
            }

            if (negated)
            {
                throw Error("expected 'in' after 'not'");
            }

            SkipSpace();
            foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
            {
                if (!TrySymbol(op))
                {
                    continue;
                }

                var literal = ParseLiteral();
                return op switch
                {
                    "==" => attributes => EqualsLiteral(Resolve(attributes, path), literal),
                    "!=" => attributes => !EqualsLiteral(Resolve(attributes, path), literal),
                    "<" => attributes => Compare(Resolve(attributes, path), literal) < 0,
                    "<=" => attributes => Compare(Resolve(attributes, path), literal) <= 0,
                    ">" => attributes => Compare(Resolve(attributes, path), literal) > 0,
                    _ => attributes => Compare(Resolve(attributes, path), literal) >= 0,
                };
            }

            if (AtEndOfComparison())
            {
                return attributes => Resolve(attributes, path)?.ValueKind == JsonValueKind.True;
            }

            throw Error($"expected ==, !=, <, <=, >, >=, in, not in or exists after '{string.Join('.', path)}'");
        }

        /// <summary>A name alone (<c>steps.alert.opened</c>) asks whether it is <c>true</c>.</summary>
        private bool AtEndOfComparison()
        {
            SkipSpace();
            var start = _position;
            var atEnd = _position == text.Length || text[_position] == ')' || TryKeyword("and") || TryKeyword("or");
            _position = start;
            return atEnd;
        }

        private string[] ParsePath()
        {
            var segments = new List<string> { ParseName() };
            while (_position < text.Length && text[_position] == '.')
            {
                _position++;
                segments.Add(ParseName());
            }

            return [.. segments];
        }

        private string ParseName()
        {
            SkipSpace();
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '-'))
            {
                _position++;
            }

            if (_position == start || !(char.IsAsciiLetter(text[start]) || text[start] == '_'))
            {
                _position = start;
                throw Error($"expected an attribute name, found '{Rest()}'");
            }

            return text[start.._position];
        }

        private JsonElement[] ParseList()
        {
            SkipSpace();
            if (!TrySymbol("["))
            {
                throw Error("expected a list such as [\"pro\", \"team\"]");
            }

            var items = new List<JsonElement>();
            SkipSpace();
            if (TrySymbol("]"))
            {
                return [];
            }

            do
            {
                items.Add(ParseLiteral());
                SkipSpace();
            }
            while (TrySymbol(","));

            return TrySymbol("]") ? [.. items] : throw Error("expected ',' or ']'");
        }

        private JsonElement ParseLiteral()
        {
            SkipSpace();
            var start = _position;
            if (_position < text.Length && text[_position] == '"')
            {
                _position++;
                while (_position < text.Length && text[_position] != '"')
                {
                    _position += text[_position] == '\\' ? 2 : 1;
                }

                if (_position >= text.Length)
                {
                    _position = start;
                    throw Error("a string is not closed");
                }

                _position++;
            }
            else
            {
                while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '-' or '+' or '.'))
                {
                    _position++;
                }
            }

            var token = text[start.._position];
            try
            {
                using var document = JsonDocument.Parse(token);
                if (document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    throw new JsonException();
                }

                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                _position = start;
                throw Error(token.Length == 0 ? $"expected a value, found '{Rest()}'" : $"'{token}' is not a value: use a \"string\", a number, true, false or null");
            }
        }

        private bool TryKeyword(string keyword)
        {
            SkipSpace();
            var end = _position + keyword.Length;
            if (end > text.Length || string.Compare(text, _position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0
                || (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '-')))
            {
                return false;
            }

            _position = end;
            return true;
        }

        private bool TrySymbol(string symbol)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _position, symbol, 0, symbol.Length) != 0)
            {
                return false;
            }

            _position += symbol.Length;
            return true;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private string Rest() => _position >= text.Length ? "the end" : text[_position..Math.Min(text.Length, _position + 20)];

        private FormatException Error(string reason) =>
            new(string.Create(CultureInfo.InvariantCulture, $"At character {_position + 1}: {reason}."));
    }
}
