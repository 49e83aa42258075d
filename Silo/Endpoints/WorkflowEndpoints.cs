using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>
/// Workflows (what the service does when an application reports an event), the events that start their runs, and the
/// runs themselves, each a grain that walks its workflow's steps.
/// </summary>
internal static partial class WorkflowEndpoints
{
    public const int MaxEventsPerWorkflow = 20;
    public const int MaxUsersPerEvent = 1_000;
    public const int MaxPayloadCharacters = 16_384;
    private const int MaxWaitSeconds = 366 * 24 * 3600;
    private const int MaxWindowSeconds = 31 * 24 * 3600;
    private const int MaxDigestEvents = 1_000;

    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder v1)
    {
        var workflows = v1.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapPut("/{workflowId}", PublishAsync)
            .WithSummary("Publish a new version of a workflow")
            .WithDescription("Runs started from now on follow the new version; runs already started go on with theirs.")
            .Accepts<PublishWorkflow>("application/json")
            .Produces<WorkflowInfo>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        workflows.MapGet("", ListAsync).WithSummary("Every workflow, at its latest version").Produces<WorkflowList>();
        workflows.MapGet("/{workflowId}", GetAsync)
            .WithSummary("A workflow's latest version, or the one asked for")
            .Produces<WorkflowInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        workflows.MapDelete("/{workflowId}", DeleteAsync)
            .WithSummary("Delete a workflow: no event starts it any more, and runs already started go on")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        workflows.MapPost("/{workflowId}/dry-run", DryRunAsync).RequireScope(ApiScopes.Read)
            .WithSummary("Walk a workflow for a user and payload without sending or waiting: each step's outcome and each send rendered")
            .Accepts<WorkflowDryRun>("application/json")
            .Produces<WorkflowDryRunResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        v1.MapPost("/events", TriggerOverHttpAsync).RequireScope(ApiScopes.Send).WithTags("Workflows")
            .WithSummary("Report an event: every workflow that listens to it starts a run for each user it is about")
            .WithDescription("202 once every run is stored. The same idempotency_key again starts nothing new and answers the same runs (Idempotent-Replayed: true); with a different event, 422.")
            .Accepts<TriggerEvent>("application/json")
            .Produces<EventAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        v1.MapGet("/events/{eventId}/runs", ListEventRunsAsync).WithTags("Workflows")
            .WithSummary("The runs an event started for a user (?user_id=): how to find, and cancel, one user's runs of an event about a topic")
            .Produces<WorkflowRunList>()
            .ProducesValidationProblem();
        v1.MapGet("/events/{eventId}", GetEventAsync).WithTags("Workflows")
            .WithSummary("How far an event about a topic's subscribers has gone in starting their runs")
            .Produces<EventFanOutInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var runs = v1.MapGroup("/workflow-runs").WithTags("Workflows");
        runs.MapGet("/{runId}", GetRunOverHttpAsync)
            .WithSummary("A workflow run, step by step")
            .Produces<WorkflowRunInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{runId}/cancel", CancelRunOverHttpAsync).RequireScope(ApiScopes.Send)
            .WithSummary("Stop a run where it is; what it sent that has not gone out is cancelled too")
            .Produces<WorkflowRunInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return workflows;
    }

    private static async Task<IResult> PublishAsync(string workflowId, HttpContext context, IGrainFactory grains)
    {
        var (publish, problem) = await JsonBody.ReadAsync<PublishWorkflow>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!IdPattern().IsMatch(workflowId))
        {
            errors["workflow_id"] = ["1 to 64 lower-case letters, digits, '.', '_' or '-'."];
        }

        if (publish!.Name is { Length: > 200 } || ControlCharacters.In(publish.Name))
        {
            errors["name"] = ["At most 200 characters, without control characters."];
        }

        var events = publish.Events ?? [];
        if (events.Count is 0 or > MaxEventsPerWorkflow || events.Any(e => e is null || !EventNamePattern().IsMatch(e)))
        {
            errors["events"] = [$"1 to {MaxEventsPerWorkflow} event names, each 1 to 100 letters, digits, '.', '_', ':' or '-'."];
        }

        var tenant = TenantFilter.TenantOf(context);
        var steps = publish.Steps ?? [];
        if (steps.Count is 0 or > WorkflowDefinition.MaxSteps)
        {
            errors["steps"] = [$"1 to {WorkflowDefinition.MaxSteps} steps."];
        }
        else
        {
            await ValidateStepsAsync(steps, grains.GetGrain<ITemplatesGrain>(tenant), NotificationEndpoints.Channels(context), errors);
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var published = await Workflows(grains, context).PublishAsync(workflowId, publish.Name, [.. events.Distinct(StringComparer.Ordinal)], [.. steps.Select(ToGrain)]);
        if (published is null)
        {
            return Problems.Invalid("workflow_id", $"The tenant has {WorkflowsGrain.MaxWorkflows:N0} workflows, the most it may have: change one of them instead.");
        }

        return Results.Created($"/v1/workflows/{workflowId}?version={published.Version}", ToContract(published));
    }

    private static async Task ValidateStepsAsync(IReadOnlyList<WorkflowStepInfo> steps, ITemplatesGrain templates, IReadOnlyList<string> channels, Dictionary<string, string[]> errors)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is { Id: { } id } && StepIdPattern().IsMatch(id) && !ids.ContainsKey(id))
            {
                ids[id] = i;
            }
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var field = $"steps[{i}]";
            if (steps[i] is not { } step)
            {
                errors[field] = ["A step is an object with an id and a type."];
                continue;
            }

            if (step.Id is null || !StepIdPattern().IsMatch(step.Id))
            {
                errors[$"{field}.id"] = ["1 to 24 letters, digits, '_' or '-', starting with a letter or '_': what conditions name as steps.<id>."];
            }
            else if (ids[step.Id] != i)
            {
                errors[$"{field}.id"] = [$"Step '{step.Id}' is there twice: each step's id is its own."];
            }

            Misplaced(step, field, errors);
            switch (step.Type)
            {
                case WorkflowStepType.Send:
                    if (step.Template is null || !IdPattern().IsMatch(step.Template))
                    {
                        errors[$"{field}.template"] = ["A send names its template: 1 to 64 lower-case letters, digits, '.', '_' or '-'."];
                    }
                    else if (await templates.GetAsync(step.Template, null) is null)
                    {
                        errors[$"{field}.template"] = [$"There is no template '{step.Template}': publish it first (PUT /v1/templates/{step.Template})."];
                    }

                    if (step.Channels is { } stepChannels)
                    {
                        SendValidation.Channels(stepChannels, $"{field}.channels", channels, errors);
                    }

                    SendValidation.Category(step.Category, $"{field}.category", errors);

                    break;
                case WorkflowStepType.Delay:
                    if ((step.DurationSeconds is null) == (step.Until is null))
                    {
                        errors[field] = ["A delay has either duration_seconds or until."];
                    }
                    else if (step.DurationSeconds is { } seconds && seconds is < 1 or > MaxWaitSeconds)
                    {
                        errors[$"{field}.duration_seconds"] = [$"1 to {MaxWaitSeconds:N0} (a year)."];
                    }
                    else if (step.Until is { } until && !PayloadPathPattern().IsMatch(until))
                    {
                        errors[$"{field}.until"] = ["A path into the event's payload, such as payload.due_at, where an ISO 8601 instant will be."];
                    }

                    break;
                case WorkflowStepType.Digest:
                    if (step.WindowSeconds is not { } window || window is < 1 or > MaxWindowSeconds)
                    {
                        errors[$"{field}.window_seconds"] = [$"A digest has a window of 1 to {MaxWindowSeconds:N0} seconds (31 days)."];
                    }

                    if (step.MaxEvents is < 1 or > MaxDigestEvents)
                    {
                        errors[$"{field}.max_events"] = [$"1 to {MaxDigestEvents:N0}."];
                    }

                    if (step.Key is { } key && (key.Length is 0 or > 200 || key.Any(char.IsControl)))
                    {
                        errors[$"{field}.key"] = ["1 to 200 characters, such as {{payload.document_id}}."];
                    }

                    break;
                case WorkflowStepType.Branch:
                    if (!AttributeFilter.TryParse(step.If, out _, out var why))
                    {
                        errors[$"{field}.if"] = [why!];
                    }
                    else if (WorkflowContext.StepsNamed(step.If!).FirstOrDefault(named => !ids.TryGetValue(named, out var at) || at >= i || steps[at].Type != WorkflowStepType.Send) is { } notSend)
                    {
                        errors[$"{field}.if"] = [$"steps.{notSend} names no send before this step: a condition reads what became of earlier sends."];
                    }

                    if (step.WaitSeconds is < 0 or > MaxWaitSeconds)
                    {
                        errors[$"{field}.wait_seconds"] = [$"0 to {MaxWaitSeconds:N0} (a year)."];
                    }

                    foreach (var (name, target) in new[] { ("then", step.Then), ("else", step.Else) })
                    {
                        if (target is not null && (!ids.TryGetValue(target, out var at) || at <= i))
                        {
                            errors[$"{field}.{name}"] = [$"'{target}' is not a step after this one: a branch goes on at a later step."];
                        }
                    }

                    break;
                case WorkflowStepType.Stop:
                    break;
                default:
                    errors[$"{field}.type"] = ["One of: send, delay, digest, branch, stop."];
                    break;
            }
        }
    }

    /// <summary>A field given to a step it does not apply to is a mistake worth hearing about.</summary>
    private static void Misplaced(WorkflowStepInfo step, string field, Dictionary<string, string[]> errors)
    {
        var given = new (string Name, bool Set, WorkflowStepType For)[]
        {
            ("template", step.Template is not null, WorkflowStepType.Send),
            ("channels", step.Channels is not null, WorkflowStepType.Send),
            ("category", step.Category is not null, WorkflowStepType.Send),
            ("priority", step.Priority is not null, WorkflowStepType.Send),
            ("duration_seconds", step.DurationSeconds is not null, WorkflowStepType.Delay),
            ("until", step.Until is not null, WorkflowStepType.Delay),
            ("key", step.Key is not null, WorkflowStepType.Digest),
            ("window_seconds", step.WindowSeconds is not null, WorkflowStepType.Digest),
            ("max_events", step.MaxEvents is not null, WorkflowStepType.Digest),
            ("if", step.If is not null, WorkflowStepType.Branch),
            ("wait_seconds", step.WaitSeconds is not null, WorkflowStepType.Branch),
            ("then", step.Then is not null, WorkflowStepType.Branch),
            ("else", step.Else is not null, WorkflowStepType.Branch),
        };
        foreach (var (name, _, applies) in given.Where(g => g.Set && g.For != step.Type))
        {
            errors[$"{field}.{name}"] = [$"Only a {applies.ToString().ToLowerInvariant()} step has {name}."];
        }
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains) =>
        Results.Ok(new WorkflowList([.. (await Workflows(grains, context).ListAsync()).Select(ToContract)]));

    private static async Task<IResult> GetAsync(string workflowId, int? version, HttpContext context, IGrainFactory grains) =>
        await Workflows(grains, context).GetAsync(workflowId, version) is { } found
            ? Results.Ok(ToContract(found))
            : Problems.NotFound(version is null ? $"Workflow '{workflowId}'" : $"Version {version} of workflow '{workflowId}'");

    private static async Task<IResult> DeleteAsync(string workflowId, HttpContext context, IGrainFactory grains) =>
        await Workflows(grains, context).DeleteAsync(workflowId) ? Results.NoContent() : Problems.NotFound($"Workflow '{workflowId}'");

    private static async Task<IResult> TriggerOverHttpAsync(HttpContext context, IGrainFactory grains)
    {
        var (trigger, problem) = await JsonBody.ReadAsync<TriggerEvent>(context);
        return problem ?? await TriggerAsync(FrontDoorCall.Of(context), trigger!, grains);
    }

    internal static async Task<IResult> TriggerAsync(FrontDoorCall call, TriggerEvent trigger, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        if (trigger.Name is null || !EventNamePattern().IsMatch(trigger.Name))
        {
            errors["name"] = ["The event's name: 1 to 100 letters, digits, '.', '_', ':' or '-', such as order.shipped."];
        }

        IReadOnlyList<string> users = trigger.UserId is { } one ? [one] : trigger.UserIds ?? [];
        if (new[] { trigger.UserId is not null, trigger.UserIds is not null, trigger.Topic is not null }.Count(given => given) != 1)
        {
            errors["user_id"] = ["Give user_id, or user_ids for several users, or topic for every subscriber of a topic."];
        }
        else if (trigger.Topic is { } topic && !TopicEndpoints.TopicIdPattern().IsMatch(topic))
        {
            errors["topic"] = ["A topic's id: 1 to 128 letters, digits, '.', '_', ':' or '-'."];
        }
        else if (trigger.UserIds is { } many && (many.Count is 0 or > MaxUsersPerEvent || many.Distinct().Count() != many.Count))
        {
            errors["user_ids"] = [$"1 to {MaxUsersPerEvent:N0} different user ids."];
        }
        else
        {
            for (var i = 0; i < users.Count; i++)
            {
                SendValidation.UserId(users[i], trigger.UserId is null ? $"user_ids[{i}]" : "user_id", errors);
            }
        }

        Payload(trigger.Payload, errors);

        SendValidation.IdempotencyKey(trigger.IdempotencyKey, "idempotency_key", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var tenant = call.Tenant;
        var eventId = trigger.IdempotencyKey is { } key ? WorkflowRunIds.ForEvent(tenant, key) : "evt_" + Guid.CreateVersion7().ToString("N");
        var workflowEvent = new WorkflowEvent(
            tenant,
            eventId,
            trigger.Name!,
            trigger.Payload ?? JsonSerializer.SerializeToElement(new JsonObject()),
            ContractMapping.ToGrain(trigger.Priority ?? NotificationPriority.Normal),
            call.Now);
        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(trigger with { IdempotencyKey = null }, NotificationsJson.Options)));
        var listening = await grains.GetGrain<IWorkflowsGrain>(tenant).ListeningAsync(workflowEvent.Name);
        if (trigger.Topic is { } topicId)
        {
            return await FanOutAsync(call, tenant, topicId, workflowEvent, listening, hash, grains);
        }

        var started = await Task.WhenAll(listening.SelectMany(workflow => users.Select(userId =>
            grains.GetGrain<IWorkflowRunGrain>(WorkflowRunIds.ForRun(tenant, eventId, workflow.WorkflowId, userId))
                .StartAsync(new WorkflowRunStart(workflowEvent, workflow, userId, hash)))));
        var outcome = started.Any(s => s.Outcome == AcceptOutcome.Conflict) ? AcceptOutcome.Conflict
            : started.Length > 0 && started.All(s => s.Outcome == AcceptOutcome.Duplicate) ? AcceptOutcome.Duplicate
            : AcceptOutcome.Accepted;
        return NotificationEndpoints.ConflictOrReplay(call, outcome, $"Event {eventId}", "event") ?? Results.Accepted(null, new EventAccepted(eventId, [.. started.Select(s => new WorkflowRunSummary(s.Run.Id, s.Run.WorkflowId, s.Run.WorkflowVersion, s.Run.UserId, ToContract(s.Run.Status)))]));
    }

    private static async Task<IResult> FanOutAsync(FrontDoorCall call, string tenant, string topicId, WorkflowEvent workflowEvent, IReadOnlyList<WorkflowDefinition> listening, string hash, IGrainFactory grains)
    {
        if (await grains.GetGrain<ITopicGrain>(TopicKey.For(tenant, topicId)).GetAsync() is not { } topic)
        {
            return Problems.NotFound($"Topic '{topicId}'");
        }

        var (outcome, fanOut) = await grains.GetGrain<IEventFanOutGrain>(workflowEvent.EventId)
            .StartAsync(new EventFanOutStart(workflowEvent, topicId, listening, listening.Count == 0 ? 0 : topic.Pages, hash));
        return NotificationEndpoints.ConflictOrReplay(call, outcome, $"Event {fanOut.EventId}", "event") ?? Results.Accepted($"/v1/events/{fanOut.EventId}", new EventAccepted(fanOut.EventId, [], ToContract(fanOut)));
    }

    private static async Task<IResult> GetEventAsync(string eventId, HttpContext context, IGrainFactory grains) =>
        EventIdPattern().IsMatch(eventId) && await grains.GetGrain<IEventFanOutGrain>(eventId).GetAsync(TenantFilter.TenantOf(context)) is { } fanOut
            ? Results.Ok(ToContract(fanOut))
            : Problems.NotFound($"Event '{eventId}' about a topic");

    private static async Task<IResult> ListEventRunsAsync(string eventId, string? user_id, HttpContext context, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(user_id, "user_id", errors);
        if (!EventIdPattern().IsMatch(eventId))
        {
            errors["event_id"] = ["An event's id as POST /v1/events answered it: evt_ and 32 hex digits."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // A run's id is the event's, the workflow's and the user's: every workflow the tenant has had is asked once.
        var tenant = TenantFilter.TenantOf(context);
        var workflows = await grains.GetGrain<IWorkflowsGrain>(tenant).IdsAsync();
        var runs = await Task.WhenAll(workflows.Select(workflowId => grains.GetGrain<IWorkflowRunGrain>(WorkflowRunIds.ForRun(tenant, eventId, workflowId, user_id!)).GetAsync(tenant)));
        return Results.Ok(new WorkflowRunList([.. runs.OfType<WorkflowRunSnapshot>().Select(ToContract)]));
    }

    private static EventFanOutInfo ToContract(EventFanOutSnapshot fanOut) => new(
        fanOut.EventId, fanOut.TopicId, fanOut.Status == FanOutStatus.Completed ? FanOutState.Completed : FanOutState.FanningOut,
        fanOut.Pages, fanOut.PagesDone, fanOut.RunsStarted, fanOut.AcceptedAt, fanOut.CompletedAt);

    private static Task<IResult> GetRunOverHttpAsync(string runId, HttpContext context, IGrainFactory grains) => GetRunAsync(FrontDoorCall.Of(context), runId, grains);

    internal static async Task<IResult> GetRunAsync(FrontDoorCall call, string runId, IGrainFactory grains) =>
        RunIdPattern().IsMatch(runId) && await grains.GetGrain<IWorkflowRunGrain>(runId).GetAsync(call.Tenant) is { } run
            ? Results.Ok(ToContract(run))
            : Problems.NotFound($"Workflow run '{runId}'");

    private static Task<IResult> CancelRunOverHttpAsync(string runId, HttpContext context, IGrainFactory grains) => CancelRunAsync(FrontDoorCall.Of(context), runId, grains);

    internal static async Task<IResult> CancelRunAsync(FrontDoorCall call, string runId, IGrainFactory grains) =>
        RunIdPattern().IsMatch(runId) && await grains.GetGrain<IWorkflowRunGrain>(runId).CancelAsync(call.Tenant) is { } run
            ? Results.Ok(ToContract(run))
            : Problems.NotFound($"Workflow run '{runId}'");

    private static async Task<IResult> DryRunAsync(string workflowId, HttpContext context, IGrainFactory grains, TemplateRenderer renderer, TimeProvider time)
    {
        var (dryRun, problem) = await JsonBody.ReadAsync<WorkflowDryRun>(context);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        SendValidation.UserId(dryRun!.UserId, "user_id", errors);
        Payload(dryRun.Payload, errors);

        foreach (var (step, outcome) in dryRun.Assume ?? new Dictionary<string, string>())
        {
            if (outcome is not ("delivered" or "opened" or "clicked" or "failed"))
            {
                errors[$"assume.{step}"] = ["One of: delivered, opened, clicked, failed."];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var tenant = TenantFilter.TenantOf(context);
        if (await Workflows(grains, context).GetAsync(workflowId, dryRun.Version) is not { } workflow)
        {
            return Problems.NotFound(dryRun.Version is null ? $"Workflow '{workflowId}'" : $"Version {dryRun.Version} of workflow '{workflowId}'");
        }

        var now = time.GetUtcNow();
        var workflowEvent = new WorkflowEvent(tenant, "evt_dry_run", workflow.Events[0], dryRun.Payload ?? JsonSerializer.SerializeToElement(new JsonObject()), Priority.Normal, now);
        var profile = await grains.GetGrain<IUserGrain>(UserKey.For(tenant, dryRun.UserId)).GetAsync();
        var assumed = dryRun.Assume ?? new Dictionary<string, string>();
        var walked = new List<WorkflowDryRunStep>();
        DigestContents? digest = null;
        try
        {
            for (var next = 0; next < workflow.Steps.Count;)
            {
                var step = workflow.Steps[next];
                next++;
                switch (step.Kind)
                {
                    case WorkflowStepKind.Send:
                        if (await grains.GetGrain<ITemplatesGrain>(tenant).GetAsync(step.Template!, null) is not { } template)
                        {
                            walked.Add(new(step.Id, WorkflowStepType.Send, $"fails: there is no template '{step.Template}'"));
                            next = workflow.Steps.Count;
                            break;
                        }

                        var (_, content) = template.For(profile.Language);
                        var templateContext = TemplateRenderer.Context(dryRun.UserId, profile.Language, profile.Attributes, null, WorkflowContext.Variables(workflowEvent, "run_dry_run", digest), context.RequestAborted);
                        var sendChannels = step.Channels is { Count: > 0 } stepChannels ? stepChannels : NotificationEndpoints.Channels(context);
                        var rendered = sendChannels.ToDictionary(channel => channel, channel =>
                        {
                            var message = renderer.Render(content, channel, templateContext);
                            return new RenderedContent(message.Title, message.Body, message.EmailSubject, message.EmailHtml);
                        });
                        walked.Add(new(step.Id, WorkflowStepType.Send,
                            $"sends template '{template.TemplateId}' version {template.Version}" + (step.Channels is { Count: > 0 } ? $" through {string.Join(", then ", step.Channels)}" : " through the user's channels"),
                            rendered));
                        break;
                    case WorkflowStepKind.Delay:
                        if (step.Duration is { } duration)
                        {
                            walked.Add(new(step.Id, WorkflowStepType.Delay, $"waits {duration.TotalSeconds:0} s"));
                        }
                        else if (WorkflowContext.PayloadInstant(workflowEvent.Payload, step.Until!) is { } until)
                        {
                            walked.Add(new(step.Id, WorkflowStepType.Delay, until > now ? $"waits until {until:O}" : $"goes on at once ({until:O} has passed)"));
                        }
                        else
                        {
                            walked.Add(new(step.Id, WorkflowStepType.Delay, $"fails: the payload has no ISO 8601 instant at '{step.Until}'"));
                            next = workflow.Steps.Count;
                        }

                        break;
                    case WorkflowStepKind.Digest:
                        digest = new DigestContents([workflowEvent.Payload], 1);
                        var key = step.Key is { } keyTemplate ? $" under key '{WorkflowContext.DigestKey(keyTemplate, workflowEvent.Payload)}'" : "";
                        walked.Add(new(step.Id, WorkflowStepType.Digest,
                            $"gathers the user's events{key} for {step.Window!.Value.TotalSeconds:0} s" + (step.MaxEvents is { } max ? $" or until {max} are in" : "") + "; the dry run goes on with this event alone"));
                        break;
                    case WorkflowStepKind.Branch:
                        var steps = new JsonObject();
                        foreach (var named in WorkflowContext.StepsNamed(step.Condition!))
                        {
                            var outcome = assumed.GetValueOrDefault(named, "delivered");
                            steps[named] = WorkflowContext.Outcome(outcome == "failed" ? "failed" : "delivered", null,
                                delivered: outcome != "failed", opened: outcome is "opened" or "clicked", clicked: outcome == "clicked", failed: outcome == "failed");
                        }

                        var user = WorkflowContext.NamesUser(step.Condition!) ? WorkflowContext.User(dryRun.UserId, profile.Attributes) : null;
                        var holds = WorkflowContext.Holds(step.Condition!, workflowEvent, digest?.Count ?? 0, user, steps);
                        var target = holds ? step.Then : step.Else;
                        next = target is null ? next : workflow.IndexOf(target);
                        walked.Add(new(step.Id, WorkflowStepType.Branch, (holds ? "condition holds" : "condition does not hold") + (target is null ? ": goes on" : $": goes to '{target}'")));
                        break;
                    default:
                        walked.Add(new(step.Id, WorkflowStepType.Stop, "stops"));
                        next = workflow.Steps.Count;
                        break;
                }
            }
        }
        catch (TemplateRenderLimitException tooCostly)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "A template costs too much to render with this payload.", detail: tooCostly.Message);
        }

        return Results.Ok(new WorkflowDryRunResult(workflow.WorkflowId, workflow.Version, walked));
    }

    private static void Payload(JsonElement? payload, Dictionary<string, string[]> errors)
    {
        if (payload is { } given && (given.ValueKind != JsonValueKind.Object || given.GetRawText().Length > MaxPayloadCharacters))
        {
            errors["payload"] = [$"A JSON object of at most {MaxPayloadCharacters:N0} characters."];
        }
    }

    private static IWorkflowsGrain Workflows(IGrainFactory grains, HttpContext context) => grains.GetGrain<IWorkflowsGrain>(TenantFilter.TenantOf(context));

    private static WorkflowStep ToGrain(WorkflowStepInfo step) => new(
        step.Id,
        (WorkflowStepKind)(int)step.Type,
        step.Template,
        step.Channels is null ? null : [.. step.Channels],
        step.Category,
        step.Priority is { } priority ? ContractMapping.ToGrain(priority) : null,
        step.DurationSeconds is { } duration ? TimeSpan.FromSeconds(duration) : null,
        step.Until,
        step.Key,
        step.WindowSeconds is { } window ? TimeSpan.FromSeconds(window) : null,
        step.MaxEvents,
        step.If,
        step.WaitSeconds is { } wait ? TimeSpan.FromSeconds(wait) : null,
        step.Then,
        step.Else);

    private static WorkflowStepInfo ToContract(WorkflowStep step) => new(
        step.Id,
        (WorkflowStepType)(int)step.Kind,
        step.Template,
        step.Channels,
        step.Category,
        step.Priority is { } priority ? ContractMapping.ToContract(priority) : null,
        step.Duration is { } duration ? (int)duration.TotalSeconds : null,
        step.Until,
        step.Key,
        step.Window is { } window ? (int)window.TotalSeconds : null,
        step.MaxEvents,
        step.Condition,
        step.Wait is { } wait ? (int)wait.TotalSeconds : null,
        step.Then,
        step.Else);

    private static WorkflowInfo ToContract(WorkflowDefinition workflow) =>
        new(workflow.WorkflowId, workflow.Version, workflow.Name, workflow.Events, [.. workflow.Steps.Select(ToContract)], workflow.PublishedAt);

    private static WorkflowRunState ToContract(WorkflowRunStatus status) => (WorkflowRunState)(int)status;

    internal static WorkflowRunInfo ToContract(WorkflowRunSnapshot run) => new(
        run.Id,
        run.WorkflowId,
        run.WorkflowVersion,
        run.UserId,
        run.Event.EventId,
        run.Event.Name,
        run.Event.Payload,
        ToContract(run.Status),
        run.StartedAt,
        run.FinishedAt,
        run.WakeAt,
        run.CurrentStep,
        [.. run.Steps.Select(s => new WorkflowStepRun(s.StepId, (WorkflowStepType)(int)s.Kind, s.StartedAt, s.FinishedAt, s.Outcome, s.NotificationId))],
        run.DigestedEvents,
        run.DigestedInto,
        run.Reason);

    /// <summary>The ids of workflows and templates.</summary>
    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();

    /// <summary>What <see cref="WorkflowRunIds.ForRun"/> makes.</summary>
    [GeneratedRegex("^run_[0-9a-f]{32}$")]
    private static partial Regex RunIdPattern();

    /// <summary>What <see cref="WorkflowRunIds.ForEvent"/> makes, or a fresh event's id.</summary>
    [GeneratedRegex("^evt_[0-9a-f]{32}$")]
    private static partial Regex EventIdPattern();

    /// <summary>Short enough that a send's notification id (<c>run_…-&lt;step&gt;</c>) is one every endpoint takes.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,23}$")]
    private static partial Regex StepIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex EventNamePattern();

    [GeneratedRegex("^payload(\\.[A-Za-z0-9_-]{1,64}){1,8}$")]
    private static partial Regex PayloadPathPattern();
}
