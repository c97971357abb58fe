namespace OCoP.Modules.Events.Reflection;

/// <summary>
/// An event's reflection topic in the group's forum, kept on the event (<see cref="Calendar.GroupEvent.ReflectionTopic"/>):
/// asked for (<see cref="Path"/> null), opened (Discussions answered with its link) or refused (the forum said why; it
/// may be asked for again). Discussions owns the topic; this is only the link to it (docs/adr/0066).
/// </summary>
internal sealed class ReflectionTopic
{
    public string Title { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The topic's site-relative link, once Discussions started it.</summary>
    public string? Path { get; set; }

    public Guid? TopicId { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }

    /// <summary>Why the forum refused it; null unless refused.</summary>
    public string? Refusal { get; set; }

    public bool Opened => Path is not null;

    /// <summary>Asked for and not refused: a second request is a conflict.</summary>
    public bool Pending => Path is null && Refusal is null;
}

/// <summary>The reflection topic as the event's API shows it: the link once opened (to everyone who sees the event); to organisers also while asked for, or why it was refused.</summary>
internal sealed record ReflectionTopicView(string Title, string? Url, bool Opened, string? Refusal)
{
    public static ReflectionTopicView? Of(ReflectionTopic? topic, bool organiser) => topic switch
    {
        { Opened: true } => new(topic.Title, topic.Path, true, null),
        not null when organiser => new(topic.Title, null, false, topic.Refusal),
        _ => null,
    };
}
