using Notifications.Client;
using Notifications.Grains;
using Notifications.Storage;

namespace Notifications.Silo;

/// <summary>
/// Before a templated send is accepted: the template exists, and every variable it needs is there for this user,
/// so that a missing one is a 400 naming it rather than a broken message later. Pins the version.
/// </summary>
internal sealed class TemplateCheck(IGrainFactory grains, TemplateRenderer renderer)
{
    /// <param name="audience">The send goes to many users (a topic): what they need of each user is left to each
    /// one's delivery, where a missing attribute fails that user's notification with its name.</param>
    /// <returns>The version to pin, or null when the send has no template or the check failed (see <paramref name="errors"/>).</returns>
    public async Task<int?> CheckAsync(string tenant, SendNotification send, string prefix, IReadOnlyList<string> availableChannels, IDictionary<string, string[]> errors, bool audience = false)
    {
        if (send.Template is not { } templateId)
        {
            return null;
        }

        var version = await grains.GetGrain<ITemplatesGrain>(tenant).GetAsync(templateId, send.TemplateVersion);
        if (version is null)
        {
            errors[$"{prefix}template"] = [send.TemplateVersion is { } number ? $"Template '{templateId}' has no version {number}." : $"There is no template '{templateId}'."];
            return null;
        }

        var user = audience ? null : await grains.GetGrain<IUserGrain>(UserKey.For(tenant, send.UserId)).GetAsync();
        // As delivery will: the user's language first, then the send's.
        var language = user?.Language ?? send.Language;
        var (locale, content) = version.For(language);
        var channels = send.Channels ?? (send.Channel is { } channel ? [channel] : availableChannels);
        var context = TemplateRenderer.Context(send.UserId, language, user?.Attributes, send.Data);
        IReadOnlyList<(string Variable, string Field)> missing;
        try
        {
            missing = renderer.Missing(content, channels, context);
        }
        catch (TemplateRenderLimitException tooCostly)
        {
            errors[$"{prefix}template"] = [tooCostly.Message];
            return null;
        }

        foreach (var (variable, field) in missing)
        {
            if (audience && variable.StartsWith("user.", StringComparison.Ordinal))
            {
                continue;
            }

            var source = variable.StartsWith("user.", StringComparison.Ordinal) ? $"user '{send.UserId}' has no attribute '{variable[5..]}'" : "the send gives no such data";
            errors[$"{prefix}{variable}"] = [$"Template '{templateId}' version {version.Version} ({locale}) uses {{{{{variable}}}}} in its {field}, and {source}."];
        }

        return errors.Count > 0 ? null : version.Version;
    }
}
