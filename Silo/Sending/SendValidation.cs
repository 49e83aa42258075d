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

    /// <summary>How far ahead a send may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(366);

    public const int MaxDedupeWindowSeconds = 7 * 24 * 3600;

    /// <param name="availableChannels">The channels this installation can deliver through.</param>
    public static void Validate(SendNotification send, string prefix, DateTimeOffset now, IReadOnlyList<string> availableChannels, IDictionary<string, string[]> errors)
    {
        UserId(send.UserId, $"{prefix}user_id", errors);
        if (string.IsNullOrWhiteSpace(send.Message) && send.Template is null)
        {
            errors[$"{prefix}message"] = ["A message is required, unless a template is given."];
        }
        else if (send.Message is { Length: > MaxMessageLength })
        {
            errors[$"{prefix}message"] = [$"At most {MaxMessageLength} characters."];
        }

        if (send.Title is { Length: > 256 })
        {
            errors[$"{prefix}title"] = ["At most 256 characters."];
        }
        else if (ControlCharacters.In(send.Title))
        {
            errors[$"{prefix}title"] = ["One line without control characters: a title becomes an e-mail's Subject header."];
        }

        Category(send.Category, $"{prefix}category", errors);

        Language(send.Language, $"{prefix}language", errors);
        if (send.Channel is not null && !availableChannels.Contains(send.Channel))
        {
            errors[$"{prefix}channel"] = [$"Must be one of: {string.Join(", ", availableChannels)}."];
        }

        if (send.Channels is { } channels)
        {
            if (send.Channel is not null)
            {
                errors[$"{prefix}channels"] = ["Give channel or channels, not both."];
            }
            else
            {
                Channels(channels, $"{prefix}channels", availableChannels, errors);
            }
        }

        if (send.Data is { } data && (data.Count > 64 || data.Any(kv => kv.Key.Length is 0 or > 64 || kv.Value is null || kv.Value.Length > 1024)
                                      || data.Sum(kv => kv.Key.Length + (kv.Value?.Length ?? 0)) > MaxDataCharacters))
        {
            errors[$"{prefix}data"] = [$"At most 64 entries and {MaxDataCharacters} characters in all; keys of 1 to 64 characters, string values of at most 1024."];
        }

        IdempotencyKey(send.IdempotencyKey, $"{prefix}idempotency_key", errors);
        Timing(send, prefix, now, errors);
        if (send.DeviceId is not null && (send.DeviceId.Length is 0 or > 4096 || send.DeviceId.Any(char.IsControl)))
        {
            errors[$"{prefix}device_id"] = ["A device's id or token: 1 to 4096 characters, without control characters."];
        }

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

    public static bool IsUserId(string userId) => UserIdPattern().IsMatch(userId);

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
        else if (userId is "." or "..")
        {
            // A path segment of '.' or '..' is resolved away before it reaches a route: such a user could be written
            // but never read, exported or erased.
            errors[field] = ["Not '.' or '..', which no URL can name."];
        }
    }

    /// <summary>E.164: a '+', a country code and at most 15 digits in all.</summary>
    public static void Phone(string? phone, string field, IDictionary<string, string[]> errors)
    {
        if (phone is { Length: > 0 } && !PhonePattern().IsMatch(phone))
        {
            errors[field] = ["An E.164 number: '+', the country code and the number, digits only (e.g. +4915112345678)."];
        }
    }

    public static void Email(string? email, string field, IDictionary<string, string[]> errors)
    {
        if (email is { Length: > 0 } && (email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || parsed.DisplayName != ""))
        {
            errors[field] = ["A plain email address such as ada@example.com."];
        }
    }

    public static void Devices(IReadOnlyList<DeviceInfo>? devices, string field, OutboundOptions outbound, IDictionary<string, string[]> errors)
    {
        if (devices is { Count: > 32 })
        {
            errors[field] = ["At most 32 devices."];
            return;
        }

        for (var i = 0; i < (devices?.Count ?? 0); i++)
        {
            var device = devices![i];
            var at = $"{field}[{i}]";
            if (device.Id is { } id && (id.Length is 0 or > 128 || id.Any(char.IsControl)))
            {
                errors[$"{at}.id"] = ["An id of 1 to 128 characters, without control characters."];
            }
            else if (device.Id is not null && devices.Take(i).Any(other => other.Id == device.Id))
            {
                errors[$"{at}.id"] = [$"Another of the user's devices is already named '{device.Id}'."];
            }

            if (!DeviceKinds.All.Contains(device.Kind))
            {
                errors[$"{at}.kind"] = [$"One of: {string.Join(", ", DeviceKinds.All)}."];
            }
            else if (string.IsNullOrEmpty(device.Token) || device.Token.Length > 4096)
            {
                errors[$"{at}.token"] = ["A token of 1 to 4096 characters."];
            }
            else if (device.Kind == DeviceKinds.Apns && !ApnsTokenPattern().IsMatch(device.Token))
            {
                errors[$"{at}.token"] = ["An APNs device token: hexadecimal digits."];
            }
            else if (device.Kind == DeviceKinds.WebPush)
            {
                if (!Uri.TryCreate(device.Token, UriKind.Absolute, out var endpoint))
                {
                    errors[$"{at}.token"] = ["The subscription's endpoint: an absolute https URL."];
                }
                else if (OutboundAddresses.RefusalOf(endpoint, outbound) is { } refusal)
                {
                    errors[$"{at}.token"] = [$"The subscription's endpoint: {refusal}"];
                }
                else if (!IsBase64Url(device.P256dh, 65))
                {
                    errors[$"{at}.p256dh"] = ["The subscription's keys.p256dh: a base64url P-256 public key (65 bytes)."];
                }
                else if (!IsBase64Url(device.Auth, 16))
                {
                    errors[$"{at}.auth"] = ["The subscription's keys.auth: base64url of 16 bytes."];
                }
            }
        }
    }

    private static bool IsBase64Url(string? text, int bytes)
    {
        if (text is null)
        {
            return false;
        }

        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text).Length == bytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static void Language(string? language, string field, IDictionary<string, string[]> errors)
    {
        if (language is not null && !LanguagePattern().IsMatch(language))
        {
            errors[field] = ["A BCP 47 language tag such as 'en', 'es' or 'de-AT'."];
        }
    }

    public static void Category(string? category, string field, IDictionary<string, string[]> errors)
    {
        if (category is not null && !CategoryPattern().IsMatch(category))
        {
            errors[field] = ["1 to 64 lower-case letters, digits, '.', '_' or '-'."];
        }
    }

    /// <summary>Channels in order of preference, each one this installation can deliver through.</summary>
    public static void Channels(IReadOnlyList<string> channels, string field, IReadOnlyList<string> availableChannels, IDictionary<string, string[]> errors)
    {
        if (channels.Count is 0 or > 8 || channels.Distinct().Count() != channels.Count)
        {
            errors[field] = ["1 to 8 different channels, in order of preference."];
        }
        else if (channels.FirstOrDefault(c => !availableChannels.Contains(c)) is { } unknown)
        {
            errors[field] = [$"'{unknown}' is not a channel; each must be one of: {string.Join(", ", availableChannels)}."];
        }
    }

    public static void IdempotencyKey(string? key, string field, IDictionary<string, string[]> errors)
    {
        if (key is not null && (key.Length is 0 or > 255 || key.Any(char.IsControl)))
        {
            errors[field] = ["1 to 255 printable characters."];
        }
    }

    /// <summary>A name a template can use as a variable: <c>first_name</c>, <c>orderId</c>.</summary>
    public static bool IsVariableName(string name) => VariableNamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex VariableNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._@:+-]{1,128}$")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex("^[0-9a-fA-F]{32,200}$")]
    private static partial Regex ApnsTokenPattern();

    [GeneratedRegex("^[a-z0-9._-]{1,64}$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguagePattern();
}
