namespace OCoP.Modules.Engagement.Contracts;

// Integration events of the Engagement module (activity, notifications, e-mail, private messages). Wolverine names
// messages by full type name, so never move these to another namespace once shipped.

/// <summary>A member reported a private message to the site's administrators.</summary>
public sealed record PrivateMessageReported(Guid ConversationId, Guid MessageId, Guid AuthorId, Guid ReportedBy, string Reason, DateTimeOffset ReportedAt);
