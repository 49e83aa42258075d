using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Silo;

/// <summary>
/// A <see cref="DateTime"/> of the contracts is a wall-clock time without offset (<c>send_at_local</c>:
/// <c>2026-12-24T09:00:00</c>), which the service refuses with an offset. ASP.NET Core calls it <c>date-time</c>,
/// whose RFC 3339 form needs an offset: the document contradicted both what the service takes and what it answers.
/// </summary>
internal sealed class WallClockTimeSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(DateTime) || context.JsonTypeInfo.Type == typeof(DateTime?))
        {
            schema.Format = null;
            schema.Pattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$";
            schema.Description ??= "A wall-clock time without offset, such as 2026-12-24T09:00:00.";
        }

        return Task.CompletedTask;
    }
}
