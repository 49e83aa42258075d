using System.Text.Json;
using System.Text.Json.Nodes;

namespace Notifications.Silo.Tests.Fuzz;

/// <summary>The fuzz's checker finds what it is there to find: it is no proof if it passes everything.</summary>
public sealed class ApiDocumentTests
{
    private static readonly ApiDocument Document = new(JsonNode.Parse("""
        {
          "openapi": "3.1.1",
          "paths": {},
          "components": { "schemas": {
            "Anything": {},
            "Topic": {
              "required": ["metadata", "created_at"],
              "type": "object",
              "properties": {
                "metadata": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Anything" }] },
                "created_at": { "type": "string", "format": "date-time" }
              }
            }
          } }
        }
        """)!.AsObject());

    private static readonly JsonNode Topic = JsonNode.Parse("""{ "$ref": "#/components/schemas/Topic" }""")!;

    [Fact]
    public void A_null_that_both_choices_of_a_oneOf_take_breaks_it()
    {
        var violations = Document.Violations(Topic, Json("""{ "metadata": null, "created_at": "2026-12-24T09:00:00Z" }"""));

        Assert.Contains(violations, v => v.Contains("/metadata", StringComparison.Ordinal));
    }

    [Fact]
    public void A_date_time_without_offset_and_a_missing_field_are_found_and_a_good_body_passes()
    {
        var withoutOffset = Document.Violations(Topic, Json("""{ "metadata": {"a": 1}, "created_at": "2026-12-24T09:00:00" }"""));
        var missing = Document.Violations(Topic, Json("""{ "created_at": "2026-12-24T09:00:00Z" }"""));
        var good = Document.Violations(Topic, Json("""{ "metadata": {"a": 1}, "created_at": "2026-12-24T09:00:00+01:00" }"""));

        Assert.Contains(withoutOffset, v => v.Contains("date-time", StringComparison.Ordinal));
        Assert.NotEmpty(missing);
        Assert.Empty(good);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
