using Microsoft.Extensions.Options;
using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>The tenant's event endpoints: where its applications hear what became of their notifications.</summary>
internal static class EventEndpointEndpoints
{
    public const int MaxTypes = 50;
    public const int MaxDescription = 200;
    public const int MaxUrl = 2_000;

    public static RouteGroupBuilder MapEventEndpointEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/event-endpoints").WithTags("Event endpoints");
        group.MapPost("/", CreateAsync)
            .WithSummary("Register an endpoint for the tenant's events")
            .WithDescription("Events are POSTed one at a time, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), in order for each notification, each retried on Standard Webhooks' schedule. The secret is in this answer only.")
            .Accepts<CreateEventEndpoint>("application/json")
            .Produces<EventEndpointInfo>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).WithSummary("The tenant's event endpoints").Produces<EventEndpointList>();
        group.MapGet("/{id}", GetAsync).WithSummary("An event endpoint and how its events are getting through").Produces<EventEndpointInfo>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", UpdateAsync)
            .WithSummary("Change an event endpoint: its URL, types, description, enabled, or rotate its secret")
            .Accepts<UpdateEventEndpoint>("application/json")
            .Produces<EventEndpointInfo>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete an event endpoint").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/replay", ReplayAsync)
            .WithSummary("Send the endpoint again every event it wants since a time")
            .WithDescription("Events keep their ids, so a receiver that dedupes by webhook-id sees each once.")
            .Accepts<ReplayEvents>("application/json")
            .Produces<EventReplayResult>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IGrainFactory grains, IOptionsMonitor<OutboundOptions> outbound, IOptions<EventWebhookOptions> options)
    {
        var (create, problem) = await JsonBody.ReadAsync<CreateEventEndpoint>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        Url(create!.Url, outbound.CurrentValue, errors);
        Types(create.Types, errors);
        Description(create.Description, errors);
        if (create.Secret is not null && !WebhookSecret.TryParse(create.Secret, out _))
        {
            errors["secret"] = ["A Standard Webhooks secret: 'whsec_' and the base64 of 24 to 64 random bytes."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var endpoint = await Endpoints(context, grains).CreateAsync(create.Url, create.Types, create.Description, create.Secret);
        if (endpoint is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many event endpoints",
                detail: $"A tenant has at most {options.Value.MaxEndpoints} event endpoints; delete one first.");
        }

        return Results.Created($"/v1/event-endpoints/{endpoint.Id}", ToContract(endpoint, showSecret: true));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains) =>
        Results.Ok(new EventEndpointList([.. (await Endpoints(context, grains).ListAsync()).Select(e => ToContract(e))]));

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var endpoints = Endpoints(context, grains);
        if ((await endpoints.ListAsync()).FirstOrDefault(e => e.Id == id) is not { } endpoint || await endpoints.StatusAsync(id) is not { } status)
        {
            return Problems.NotFound($"Event endpoint '{id}'");
        }

        return Results.Ok(ToContract(endpoint) with
        {
            Delivery = new EventDeliveryInfo(status.Delivered, status.Pending, status.Retrying, status.GivenUp, status.LastDeliveredAt, status.FailingSince, status.LastError),
        });
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, IGrainFactory grains, IOptionsMonitor<OutboundOptions> outbound)
    {
        var (update, problem) = await JsonBody.ReadAsync<UpdateEventEndpoint>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (update!.Url is not null)
        {
            Url(update.Url, outbound.CurrentValue, errors);
        }

        Types(update.Types, errors);
        Description(update.Description, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var changed = await Endpoints(context, grains).ChangeAsync(id, new EventEndpointChange(update.Url, update.Types, update.Description, update.Enabled, update.RotateSecret));
        return changed is null ? Problems.NotFound($"Event endpoint '{id}'") : Results.Ok(ToContract(changed, showSecret: update.RotateSecret));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IGrainFactory grains) =>
        await Endpoints(context, grains).DeleteAsync(id) ? Results.NoContent() : Problems.NotFound($"Event endpoint '{id}'");

    private static async Task<IResult> ReplayAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (replay, problem) = await JsonBody.ReadAsync<ReplayEvents>(context);
        if (problem is not null)
        {
            return problem;
        }

        if (replay!.Since == default)
        {
            return Problems.Invalid("since", "The time to send events from, such as 2026-12-07T10:00:00Z.");
        }

        var events = await Endpoints(context, grains).ReplayAsync(id, replay.Since);
        return events is null ? Problems.NotFound($"Event endpoint '{id}'") : Results.Accepted(value: new EventReplayResult(events.Value));
    }

    private static void Url(string? url, OutboundOptions outbound, Dictionary<string, string[]> errors)
    {
        if (url is null || url.Length > MaxUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            errors["url"] = [$"An absolute https URL of at most {MaxUrl} characters."];
        }
        else if (OutboundAddresses.RefusalOf(uri, outbound) is { } refusal)
        {
            errors["url"] = [refusal];
        }
    }

    private static void Types(IReadOnlyList<string>? types, Dictionary<string, string[]> errors)
    {
        if (types is { Count: > MaxTypes })
        {
            errors["types"] = [$"At most {MaxTypes} types."];
            return;
        }

        for (var i = 0; i < (types?.Count ?? 0); i++)
        {
            if (!EventTypes.IsValidFilter(types![i]))
            {
                errors[$"types[{i}]"] = [$"One of {string.Join(", ", EventTypes.All)}, or a family (notification.*, engagement.*, alert.*)."];
            }
        }
    }

    private static void Description(string? description, Dictionary<string, string[]> errors)
    {
        if (description is { Length: > MaxDescription } || description?.Any(char.IsControl) == true)
        {
            errors["description"] = [$"At most {MaxDescription} characters, without control characters."];
        }
    }

    private static IEventEndpointsGrain Endpoints(HttpContext context, IGrainFactory grains) => grains.GetGrain<IEventEndpointsGrain>(TenantFilter.TenantOf(context));

    private static EventEndpointInfo ToContract(EventEndpoint endpoint, bool showSecret = false) => new(
        endpoint.Id, endpoint.Url, endpoint.Types, endpoint.Description, endpoint.Enabled, endpoint.DisabledBecause, endpoint.CreatedAt,
        endpoint.PreviousSecretExpiresAt, showSecret ? endpoint.Secret : null);
}
