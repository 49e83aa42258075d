namespace Notifications.Grains;

public enum AcceptOutcome
{
    /// <summary>Stored durably; delivery has begun.</summary>
    Accepted,

    /// <summary>The same request was accepted before under this id: nothing new was sent.</summary>
    Duplicate,

    /// <summary>A different request was accepted before under this id.</summary>
    Conflict,
}
