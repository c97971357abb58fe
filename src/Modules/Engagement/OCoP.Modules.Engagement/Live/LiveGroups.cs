namespace OCoP.Modules.Engagement.Live;

/// <summary>The names of the SignalR groups connections join; one place, so that senders and the hub agree.</summary>
internal static class LiveGroups
{
    public static string Channel(Guid channelId) => $"chat:{channelId:N}";

    /// <summary>Connections showing a topic's page, told about new replies.</summary>
    public static string Topic(Guid topicId) => $"topic:{topicId:N}";
}

/// <summary>What the hub sends to clients (the JavaScript client listens for these names; docs/chat.md).</summary>
internal static class LiveEvents
{
    public const string Message = "message";
    public const string MessageChanged = "messageChanged";
    public const string Typing = "typing";
    public const string Presence = "presence";
    public const string Removed = "removed";

    /// <summary>The member's unread notification count changed: <c>{ unread }</c>.</summary>
    public const string Badge = "badge";

    /// <summary>A reply was posted in a topic the connection shows: <c>{ topicId, postNumber, path }</c>.</summary>
    public const string TopicReply = "topicReply";
}
