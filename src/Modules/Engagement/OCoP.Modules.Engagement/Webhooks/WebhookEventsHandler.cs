using Marten;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Events.Contracts;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>The event's group is not in this module's replica yet: retried until it is (never delivered unchecked).</summary>
internal sealed class WebhookGroupNotKnownYetException(Guid groupId) : Exception($"Group {groupId} is not in Engagement's replica yet.");

/// <summary>
/// Turns each Contracts event a webhook may ask for into one recorded delivery per webhook that asked for it and may see
/// it, in the transaction that marks the event handled, and hands each to <see cref="WebhookDeliveryHandler"/>. The event's
/// id is the id of the envelope that brought it here, so a redelivery finds its deliveries recorded. Public for Wolverine.
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class WebhookEventsHandler
{
    public static void Configure(Wolverine.Runtime.Handlers.HandlerChain chain) =>
        chain.OnException<WebhookGroupNotKnownYetException>().RetryWithCooldown(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public static Task<OutgoingMessages> Handle(TopicCreated e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(PostCreated e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(PostEdited e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(PostDeleted e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(AnswerAccepted e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(MemberJoinedGroup e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(MemberLeftGroup e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(GroupEventScheduled e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    public static Task<OutgoingMessages> Handle(GroupEventCancelled e, IDocumentSession session, Envelope envelope, TimeProvider clock) => RecordAsync(session, e, envelope, clock);

    private static async Task<OutgoingMessages> RecordAsync(IDocumentSession session, object @event, Envelope envelope, TimeProvider clock)
    {
        var messages = new OutgoingMessages();
        var kind = WebhookEventKinds.For(@event);
        var groupId = kind.GroupOf(@event);
        var hooks = await session.Query<Webhook>()
            .Where(h => h.Enabled && h.EventKinds.Contains(kind.Name) && (h.GroupId == null || h.GroupId == groupId))
            .ToListAsync();
        if (hooks.Count == 0)
        {
            return messages;
        }

        var group = await session.LoadAsync<GroupFacts>(groupId);
        if (group is not { IsKnown: true })
        {
            throw new WebhookGroupNotKnownYetException(groupId);
        }

        var receivers = new List<Webhook>();
        foreach (var hook in hooks)
        {
            if (await MayReceiveAsync(session, hook, group))
            {
                receivers.Add(hook);
            }
        }

        var now = clock.GetUtcNow();
        var eventId = envelope.Id;
        var ids = receivers.Select(h => WebhookDelivery.IdFor(h.Id, eventId)).ToArray();
        var recorded = ids.Length == 0 ? [] : (await session.LoadManyAsync<WebhookDelivery>(ids)).Select(d => d.Id).ToHashSet();
        var body = WebhookEventKinds.Payload(kind.Name, kind.Version, eventId, kind.OccurredAt(@event), @event);
        foreach (var hook in receivers)
        {
            var id = WebhookDelivery.IdFor(hook.Id, eventId);
            if (recorded.Contains(id))
            {
                continue; // a redelivery of this event: recorded (and handed over) the first time
            }

            session.Insert(new WebhookDelivery
            {
                Id = id, WebhookId = hook.Id, EventType = kind.Name, EventId = eventId, Body = body, CreatedAt = now,
                SortKey = WebhookDelivery.SortKeyFor(now, id),
            });
            messages.Add(new WebhookDeliveryHandler.DeliverWebhook(id));
        }

        return messages;
    }

    /// <summary>
    /// Who may see this group's events, by the group access rule: a site-wide webhook (a site administrator's) gets every
    /// group's but a secret one's; a group's webhook only while its creator may still change the group's settings, and a
    /// secret group's only when that creator is one of its sponsors (not a site administrator).
    /// </summary>
    private static async Task<bool> MayReceiveAsync(IQuerySession session, Webhook hook, GroupFacts group)
    {
        if (hook.GroupId is null)
        {
            return group.Visibility != GroupVisibility.Secret;
        }

        var membership = await session.LoadAsync<MembershipFacts>(MembershipFacts.IdFor(group.Id, hook.CreatedBy));
        if (membership is null && !hook.CreatedBySiteAdministrator)
        {
            // A sponsor registered it, so Membership knows them; this replica has not caught up with their joining yet.
            throw new WebhookGroupNotKnownYetException(group.Id);
        }

        var asAdministrator = hook.CreatedBySiteAdministrator && group.Visibility != GroupVisibility.Secret;
        return GroupViewer.Of(group, membership, hook.CreatedBy, asAdministrator).Can(GroupAction.ChangeSettings);
    }
}
