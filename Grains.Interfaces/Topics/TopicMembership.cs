namespace Notifications.Grains;

/// <summary>Where a user's subscription to a topic is kept.</summary>
/// <param name="Page">The topic page that holds the subscription.</param>
/// <param name="Joined">False when the user was subscribed already, in <paramref name="Page"/>.</param>
/// <param name="Incarnation">The life of the user that joined (see <see cref="TopicSubscription.Incarnation"/>).</param>
/// <param name="Card">The user's routing card, for the page to keep.</param>
[GenerateSerializer, Immutable, Alias("Notifications.Grains.TopicMembership")]
public sealed record TopicMembership(int Page, bool Joined, Guid Incarnation = default, RoutingCard? Card = null);
