using System.Text.Json;

namespace Notifications.Client;

/// <summary>A topic users subscribe to, and senders send to once for all of them.</summary>
/// <param name="Id">The topic's id (letters, digits, '.', '_', ':' or '-'); one is made when it is not given.</param>
/// <param name="ServiceType">The channel the topic's notifications take (<c>email</c>, <c>push</c>...) unless a subscriber's
/// mode or a send says otherwise; by default each user's endpoints decide.</param>
/// <param name="Metadata">Anything the sender wants kept with the topic (a JSON object).</param>
public sealed record CreateTopic(string? Name, string? ServiceType = null, JsonElement? Metadata = null, string? Id = null);
