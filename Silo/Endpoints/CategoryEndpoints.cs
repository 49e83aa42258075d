using System.Text.RegularExpressions;
using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>A tenant's categories: which bypass preferences, and how often a user may get each.</summary>
internal static partial class CategoryEndpoints
{
    public static RouteGroupBuilder MapCategoryEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/categories").WithTags("Categories");
        group.MapPut("/{name}", SetAsync)
            .WithSummary("Define a category, or change it")
            .Accepts<SetCategory>("application/json")
            .Produces<CategoryInfo>()
            .ProducesValidationProblem();
        group.MapGet("", ListAsync).WithSummary("The tenant's categories").Produces<IReadOnlyList<CategoryInfo>>();
        group.MapDelete("/{name}", RemoveAsync).WithSummary("Remove a category's definition").Produces(StatusCodes.Status204NoContent);
        return group;
    }

    private static async Task<IResult> SetAsync(string name, HttpContext context, IGrainFactory grains, CategoryCatalog catalog)
    {
        var (set, problem) = await JsonBody.ReadAsync<SetCategory>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!CategoryPattern().IsMatch(name))
        {
            errors["name"] = ["1 to 64 lower-case letters, digits, '.', '_' or '-'."];
        }

        if (set!.Description is { Length: > 500 })
        {
            errors["description"] = ["At most 500 characters."];
        }

        var action = RateLimitAction.Suppress;
        if (set.FrequencyCap is { } cap)
        {
            if (cap.Limit < 1 || cap.PerSeconds is < 1 or > 31 * 24 * 3600)
            {
                errors["frequency_cap"] = ["A limit of at least 1 per 1 second to 31 days."];
            }

            if (cap.Action is not null && !Enum.TryParse(cap.Action, ignoreCase: true, out action))
            {
                errors["frequency_cap.action"] = ["'suppress' or 'defer'."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var tenant = TenantFilter.TenantOf(context);
        var policy = new CategoryPolicy(set.Critical, set.FrequencyCap?.Limit, set.FrequencyCap is { } given ? TimeSpan.FromSeconds(given.PerSeconds) : null, action);
        var definition = await grains.GetGrain<ICategoriesGrain>(tenant).SetAsync(name, set.Description, policy);
        catalog.Forget(tenant);
        return Results.Ok(ToContract(definition));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains) =>
        Results.Ok((await grains.GetGrain<ICategoriesGrain>(TenantFilter.TenantOf(context)).ListAsync()).Select(ToContract).ToArray());

    private static async Task<IResult> RemoveAsync(string name, HttpContext context, IGrainFactory grains, CategoryCatalog catalog)
    {
        var tenant = TenantFilter.TenantOf(context);
        var removed = await grains.GetGrain<ICategoriesGrain>(tenant).RemoveAsync(name);
        catalog.Forget(tenant);
        return removed ? Results.NoContent() : Problems.NotFound($"Category '{name}'");
    }

    private static CategoryInfo ToContract(CategoryDefinition definition)
    {
        var policy = definition.Policy;
        var cap = policy is { CapLimit: { } limit, CapPer: { } per } ? new FrequencyCap(limit, (int)per.TotalSeconds, policy.CapAction.ToString().ToLowerInvariant()) : null;
        return new CategoryInfo(definition.Name, definition.Description, policy.Critical, cap, definition.UpdatedAt);
    }

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex CategoryPattern();
}
