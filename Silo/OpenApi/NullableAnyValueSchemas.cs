using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Silo;

/// <summary>
/// A nullable field of any JSON value (a <c>JsonElement?</c>, such as a topic's metadata) is described by ASP.NET
/// Core as <c>oneOf: [null, anything]</c>; a null then matches both choices, and <c>oneOf</c> allows exactly one, so
/// the document refused the very nulls the service answers. "Anything" already takes null: that alone is kept.
/// </summary>
internal sealed class NullableAnyValueSchemas : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var visited = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            Mend(schema, visited);
        }

        return Task.CompletedTask;
    }

    private static void Mend(IOpenApiSchema schema, HashSet<OpenApiSchema> visited)
    {
        // References are mended where they are defined, among the components.
        if (schema is not OpenApiSchema inline || !visited.Add(inline))
        {
            return;
        }

        if (inline.OneOf is { Count: > 1 } choices && choices.Any(IsNull) && choices.Any(AcceptsAnything))
        {
            inline.OneOf = null;
        }

        foreach (var child in (inline.Properties?.Values ?? []).Concat(inline.OneOf ?? []).Concat(inline.AnyOf ?? []).Concat(inline.AllOf ?? []))
        {
            Mend(child, visited);
        }

        if (inline.Items is { } items)
        {
            Mend(items, visited);
        }

        if (inline.AdditionalProperties is { } additional)
        {
            Mend(additional, visited);
        }
    }

    private static bool IsNull(IOpenApiSchema schema) => schema.Type == JsonSchemaType.Null;

    private static bool AcceptsAnything(IOpenApiSchema choice)
    {
        var schema = choice is OpenApiSchemaReference reference ? reference.Target : choice;
        return schema is not null && schema.Type is null && schema.Enum is not { Count: > 0 } && schema.Const is null && schema.Not is null
            && schema.Properties is not { Count: > 0 } && schema.Items is null && schema.AdditionalProperties is null
            && schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 } && schema.AllOf is not { Count: > 0 };
    }
}
