namespace OCoP.Modules.Engagement;

/// <summary>Site-wide settings of follows, feeds, notifications, e-mail and private messages (section <c>Engagement</c>).</summary>
internal sealed class EngagementOptions
{
    public const string Section = "Engagement";

    /// <summary>Feed entries and notifications written per database round trip when one event reaches many members.</summary>
    public int FanOutBatchSize { get; set; } = 500;

    /// <summary>The most members one private conversation may have, its starter included.</summary>
    public int MaxConversationParticipants { get; set; } = 10;

    /// <summary>Chat messages one member may send per second, on average (docs/chat.md).</summary>
    public int ChatMessagesPerSecond { get; set; } = 5;

    /// <summary>Chat messages one member may send at once before <see cref="ChatMessagesPerSecond"/> applies.</summary>
    public int ChatBurst { get; set; } = 20;
}
