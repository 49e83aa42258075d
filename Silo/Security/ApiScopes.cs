namespace Notifications.Silo;

/// <summary>
/// What an API key may do. A tenant's key holds <see cref="Send"/>, <see cref="Read"/> and <see cref="Manage"/> unless its
/// configuration names fewer; <see cref="Admin"/> is the operator's: everything of its tenant, and what shows the whole
/// cluster (providers, the silo's queues, the Orleans dashboard).
/// </summary>
[Flags]
public enum ApiScopes
{
    None = 0,

    /// <summary>Send notifications (single, batch, topic and audience sends) and report engagements.</summary>
    Send = 1,

    /// <summary>Read notifications, users, templates, topics, dead letters, statistics and exports.</summary>
    Read = 2,

    /// <summary>Change users, preferences, templates, categories, topics, schedules and dead letters; erase and import.</summary>
    Manage = 4,

    /// <summary>The operator's scope, across tenants.</summary>
    Admin = 8,

    Tenant = Send | Read | Manage,

    All = Tenant | Admin,
}
