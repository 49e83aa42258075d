using System.Text.RegularExpressions;
using Notifications.Client;
using Notifications.Grains;

namespace Notifications.Silo;

/// <summary>The rules a send must meet before anything is stored; each broken rule names its field.</summary>
internal static partial class SendValidation
{
    public const int MaxMessageLength = 4096;

    /// <summary>Keeps a webhook payload well under the 20 KB Standard Webhooks asks receivers to expect.</summary>
    public const int MaxDataCharacters = 8192;

    /// <summary>The channels this build can deliver through.</summary>
    public static readonly IReadOnlyList<string> AvailableChannels = [ChannelNames.Log, ChannelNames.Webhook];

    /// <summary>How far ahead a send may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(366);

    public const int MaxDedupeWindowSeconds = 7 * 24 * 3600;

    public static void Validate(SendNotification send, string prefix, DateTimeOffset now, IDictionary<string, string[]> errors)
    {
        UserId(send.UserId, $"{prefix}user_id", errors);
        if (string.IsNullOrWhiteSpace(send.Message))
        {
            errors[$"{prefix}message"] = ["A message is required."];
        }
        else if (send.Message.Length > MaxMessageLength)
        {
            errors[$"{prefix}message"] = [$"At most {MaxMessageLength} characters."];
        }

        if (send.Title is { Length: > 256 })
        {
            errors[$"{prefix}title"] = ["At most 256 characters."];
        }

        if (send.Category is not null && !CategoryPattern().IsMatch(send.Category))
        {
            errors[$"{prefix}category"] = ["1 to 64 lower-case letters, digits, '.', '_' or '-'."];
        }

        Language(send.Language, $"{prefix}language", errors);
        if (send.Channel is not null && !AvailableChannels.Contains(send.Channel))
        {
            errors[$"{prefix}channel"] = [$"Must be one of: {string.Join(", ", AvailableChannels)}."];
        }

        if (send.Data is { } data && (data.Count > 64 || data.Any(kv => kv.Key.Length is 0 or > 64 || kv.Value is null || kv.Value.Length > 1024)
                                      || data.Sum(kv => kv.Key.Length + (kv.Value?.Length ?? 0)) > MaxDataCharacters))
        {
            errors[$"{prefix}data"] = [$"At most 64 entries and {MaxDataCharacters} characters in all; keys of 1 to 64 characters, string values of at most 1024."];
        }

        IdempotencyKey(send.IdempotencyKey, $"{prefix}idempotency_key", errors);
        Timing(send, prefix, now, errors);
        if (send.DedupeKey is not null && (send.DedupeKey.Length is 0 or > 256 || send.DedupeKey.Any(char.IsControl)))
        {
            errors[$"{prefix}dedupe_key"] = ["1 to 256 printable characters."];
        }

        if (send.DedupeWindowSeconds is { } window && (send.DedupeKey is null || window is < 1 or > MaxDedupeWindowSeconds))
        {
            errors[$"{prefix}dedupe_window_seconds"] = [$"From 1 to {MaxDedupeWindowSeconds} seconds, with a dedupe_key."];
        }
    }

    private static void Timing(SendNotification send, string prefix, DateTimeOffset now, IDictionary<string, string[]> errors)
    {
        if (send.SendAt is not null && send.SendAtLocal is not null)
        {
            errors[$"{prefix}send_at_local"] = ["Give send_at or send_at_local, not both."];
        }

        if (send.SendAt is { } sendAt && sendAt > now + MaxScheduleAhead)
        {
            errors[$"{prefix}send_at"] = [$"At most {MaxScheduleAhead.TotalDays:0} days ahead."];
        }

        if (send.SendAtLocal is { } local)
        {
            if (local.Kind != DateTimeKind.Unspecified)
            {
                errors[$"{prefix}send_at_local"] = ["A wall-clock time without offset or 'Z', such as 2026-12-24T09:00:00; for an instant use send_at."];
            }
            else if (local > now.UtcDateTime + MaxScheduleAhead)
            {
                errors[$"{prefix}send_at_local"] = [$"At most {MaxScheduleAhead.TotalDays:0} days ahead."];
            }
        }

        if (send.ExpiresAt is { } expiresAt)
        {
            if (expiresAt <= now)
            {
                errors[$"{prefix}expires_at"] = ["Must be in the future."];
            }
            else if (send.SendAt is { } at && expiresAt <= at)
            {
                errors[$"{prefix}expires_at"] = ["Must be after send_at."];
            }
        }
    }

    public static void UserId(string? userId, string field, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(userId))
        {
            errors[field] = ["A user id is required."];
        }
        else if (!UserIdPattern().IsMatch(userId))
        {
            errors[field] = ["1 to 128 characters: letters, digits, '.', '_', '-', '@', ':' or '+'."];
        }
    }

    public static void Language(string? language, string field, IDictionary<string, string[]> errors)
    {
        if (language is not null && !LanguagePattern().IsMatch(language))
        {
            errors[field] = ["A BCP 47 language tag such as 'en', 'es' or 'de-AT'."];
        }
    }

    public static void IdempotencyKey(string? key, string field, IDictionary<string, string[]> errors)
    {
        if (key is not null && (key.Length is 0 or > 255 || key.Any(char.IsControl)))
        {
            errors[field] = ["1 to 255 printable characters."];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._@:+-]{1,128}$")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();
}
