using System.Text.Json;
using System.Text.Json.Serialization;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>One kind of event a webhook may ask for: the public Contracts event it carries, and its payload version.</summary>
internal sealed record WebhookEventKind(string Name, int Version, Type EventType, Func<object, Guid> GroupOf, Func<object, DateTimeOffset> OccurredAt);

/// <summary>
/// The catalogue of event kinds (docs/webhooks.md) and the payload every delivery carries:
/// <c>{"type", "version", "id", "occurredAt", "data"}</c>, where <c>data</c> is the Contracts event as JSON (camelCase,
/// enums by name). A kind's version goes up when its <c>data</c> changes in a way a receiver could trip over (a field
/// removed or renamed); adding a field does not change it. Only events about a group are offered: each is delivered
/// under that group's visibility.
/// </summary>
internal static class WebhookEventKinds
{
    public const string TestKind = "webhook.test";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly IReadOnlyList<WebhookEventKind> All =
    [
        Kind<TopicCreated>("discussions.topic-created", e => e.GroupId, e => e.CreatedAt),
        Kind<PostCreated>("discussions.post-created", e => e.GroupId, e => e.CreatedAt),
        Kind<PostEdited>("discussions.post-edited", e => e.GroupId, e => e.EditedAt),
        Kind<PostDeleted>("discussions.post-deleted", e => e.GroupId, e => e.DeletedAt),
        Kind<AnswerAccepted>("discussions.answer-accepted", e => e.GroupId, e => e.AcceptedAt),
        Kind<MemberJoinedGroup>("membership.member-joined-group", e => e.GroupId, e => e.JoinedAt),
        Kind<MemberLeftGroup>("membership.member-left-group", e => e.GroupId, e => e.LeftAt),
        Kind<GroupEventScheduled>("events.event-scheduled", e => e.GroupId, e => e.ScheduledAt),
        Kind<GroupEventCancelled>("events.event-cancelled", e => e.GroupId, e => e.CancelledAt),
    ];

    private static readonly Dictionary<Type, WebhookEventKind> ByType = All.ToDictionary(k => k.EventType);

    public static bool IsKnown(string name) => All.Any(k => k.Name == name);

    public static WebhookEventKind For(object @event) => ByType[@event.GetType()];

    /// <summary>The body of one delivery: the same bytes on every attempt.</summary>
    public static string Payload(string type, int version, Guid id, DateTimeOffset occurredAt, object data) =>
        JsonSerializer.Serialize(new { type, version, id, occurredAt, data }, Json);

    private static WebhookEventKind Kind<T>(string name, Func<T, Guid> group, Func<T, DateTimeOffset> at) =>
        new(name, 1, typeof(T), e => group((T)e), e => at((T)e));
}
