using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>
/// Registering, listing, changing, deleting and testing webhooks, and reading their delivery log (docs/webhooks.md).
/// Site-wide webhooks are site administrators'; a group's are for whoever the group access rule lets change the group's
/// settings (its sponsors, and site administrators). A webhook one may not manage answers exactly as one that does not
/// exist (404). The secret is in the answer to its creation only.
/// </summary>
internal static class ManageWebhooks
{
    public const int MaxDescriptionLength = 200;

    internal sealed record WebhookRegistration(string? Url, IReadOnlyList<string>? EventKinds, string? Description);

    internal sealed record WebhookChange(string? Url, IReadOnlyList<string>? EventKinds, string? Description, bool Enabled);

    internal sealed record WebhookView(Guid Id, Guid? GroupId, string Url, IReadOnlyList<string> EventKinds, string? Description, bool Enabled,
        int ConsecutiveFailures, DateTimeOffset? DisabledAt, string? DisabledReason, DateTimeOffset CreatedAt, string? Secret);

    internal sealed record WebhookAttemptView(int Number, DateTimeOffset At, int? StatusCode, string? Response, string? Error, int DurationMilliseconds);

    internal sealed record WebhookDeliveryView(Guid Id, string EventType, Guid EventId, string Status, int AttemptCount, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? FailureReason, IReadOnlyList<WebhookAttemptView> Attempts);

    internal sealed record Register(Guid? GroupId, string? Url, IReadOnlyList<string>? EventKinds, string? Description) : IRequest<WebhookView>;

    internal sealed record ListWebhooks(Guid? GroupId, string? Cursor, int? Limit) : IRequest<CursorPage<WebhookView>>;

    internal sealed record GetWebhook(Guid WebhookId) : IRequest<WebhookView>;

    internal sealed record ChangeWebhook(Guid WebhookId, string? Url, IReadOnlyList<string>? EventKinds, string? Description, bool Enabled) : IRequest<WebhookView>;

    internal sealed record DeleteWebhook(Guid WebhookId) : IRequest<bool>;

    internal sealed record SendTestEvent(Guid WebhookId) : IRequest<Guid>;

    internal sealed record ListDeliveries(Guid WebhookId, string? Cursor, int? Limit) : IRequest<CursorPage<WebhookDeliveryView>>;

    internal sealed class RegisterValidator : AbstractValidator<Register>
    {
        public RegisterValidator()
        {
            RuleFor(r => r.Url).NotEmpty().WithMessage("Give the URL to call.").MaximumLength(WebhookAddresses.MaxUrlLength);
            RuleFor(r => r.EventKinds).NotEmpty().WithMessage("Choose at least one event kind.")
                .Must(kinds => kinds!.All(WebhookEventKinds.IsKnown)).When(r => r.EventKinds is not null)
                .WithMessage($"Known event kinds: {string.Join(", ", WebhookEventKinds.All.Select(k => k.Name))}.");
            RuleFor(r => r.Description).MaximumLength(MaxDescriptionLength);
        }
    }

    internal sealed class ChangeValidator : AbstractValidator<ChangeWebhook>
    {
        public ChangeValidator()
        {
            RuleFor(r => r.Url).NotEmpty().WithMessage("Give the URL to call.").MaximumLength(WebhookAddresses.MaxUrlLength);
            RuleFor(r => r.EventKinds).NotEmpty().WithMessage("Choose at least one event kind.")
                .Must(kinds => kinds!.All(WebhookEventKinds.IsKnown)).When(r => r.EventKinds is not null)
                .WithMessage($"Known event kinds: {string.Join(", ", WebhookEventKinds.All.Select(k => k.Name))}.");
            RuleFor(r => r.Description).MaximumLength(MaxDescriptionLength);
        }
    }

    /// <summary>The one check every operation makes: may the caller manage webhooks of this scope (null: site-wide)?</summary>
    private static async Task RequireManagerAsync(IQuerySession session, IMessageBus bus, CurrentMember me, Guid? groupId, bool asMissing,
        CancellationToken cancellationToken)
    {
        if (groupId is null)
        {
            if (!me.IsSiteAdministrator)
            {
                throw asMissing ? ProblemException.NotFound("The webhook") : ProblemException.Forbidden("Only site administrators manage site-wide webhooks.");
            }

            return;
        }

        var viewer = await GroupAccess.ForWriteAsync(session, bus, groupId.Value, me, cancellationToken);
        if (asMissing && !viewer.Can(GroupAction.ChangeSettings))
        {
            throw ProblemException.NotFound("The webhook");
        }

        viewer.RequireToChange(GroupAction.ChangeSettings);
    }

    /// <summary>A webhook the caller manages, or 404 (for one that does not exist and for one they may not manage alike).</summary>
    private static async Task<Webhook> ManagedAsync(IQuerySession session, IMessageBus bus, CurrentMember me, Guid webhookId, CancellationToken cancellationToken)
    {
        var hook = await session.LoadAsync<Webhook>(webhookId, cancellationToken) ?? throw ProblemException.NotFound("The webhook");
        try
        {
            await RequireManagerAsync(session, bus, me, hook.GroupId, asMissing: true, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status is StatusCodes.Status403Forbidden or StatusCodes.Status401Unauthorized)
        {
            throw ProblemException.NotFound("The webhook");
        }

        return hook;
    }

    private static async Task CheckUrlAsync(string url, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (await WebhookAddresses.ProblemAsync(url, WebhookOptions.From(configuration).AllowPrivateNetworks, cancellationToken) is { } problem)
        {
            throw ProblemException.Invalid("url", problem);
        }
    }

    internal static WebhookView ViewOf(Webhook hook, string? secret = null) =>
        new(hook.Id, hook.GroupId, hook.Url, hook.EventKinds, hook.Description, hook.Enabled, hook.ConsecutiveFailures, hook.DisabledAt, hook.DisabledReason,
            hook.CreatedAt, secret);

    internal sealed class RegisterHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock, IConfiguration configuration)
        : IRequestHandler<Register, WebhookView>
    {
        public async Task<WebhookView> Handle(Register register, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            await RequireManagerAsync(session, bus, me, register.GroupId, asMissing: false, cancellationToken);
            var url = register.Url!.Trim();
            await CheckUrlAsync(url, configuration, cancellationToken);
            var max = WebhookOptions.From(configuration).MaxWebhooksPerScope;
            if (await session.Query<Webhook>().CountAsync(h => h.GroupId == register.GroupId, cancellationToken) >= max)
            {
                throw ProblemException.Conflict($"There are {max} webhooks here already, the most allowed: delete one first.");
            }

            var now = clock.GetUtcNow();
            var hook = new Webhook
            {
                Id = Guid.CreateVersion7(now), GroupId = register.GroupId, Url = url, EventKinds = register.EventKinds!.Distinct().ToList(),
                Description = string.IsNullOrWhiteSpace(register.Description) ? null : register.Description.Trim(), Secret = Webhook.NewSecret(),
                CreatedBy = me.Id, CreatedBySiteAdministrator = me.IsSiteAdministrator && await IsNotSponsorAsync(register.GroupId, cancellationToken),
                CreatedAt = now,
            };
            session.Insert(hook);
            await session.SaveChangesAsync(cancellationToken);
            return ViewOf(hook, hook.Secret);
        }

        /// <summary>A site administrator who is also the group's sponsor registers as its sponsor (and so may receive a secret group's events).</summary>
        private async Task<bool> IsNotSponsorAsync(Guid? groupId, CancellationToken cancellationToken)
        {
            if (groupId is null)
            {
                return true;
            }

            await using var session = store.QuerySession();
            var viewer = await GroupAccess.ForWriteAsync(session, bus, groupId.Value, me, cancellationToken);
            return !(viewer with { IsSiteAdministrator = false }).Can(GroupAction.ChangeSettings);
        }
    }

    internal sealed class ListHandler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<ListWebhooks, CursorPage<WebhookView>>
    {
        public async Task<CursorPage<WebhookView>> Handle(ListWebhooks list, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            await RequireManagerAsync(session, bus, me, list.GroupId, asMissing: false, cancellationToken);
            var hooks = await session.Query<Webhook>().Where(h => h.GroupId == list.GroupId).OrderBy(h => h.CreatedAt).ToListAsync(cancellationToken);
            return CursorPage.Of(hooks.Select(h => ViewOf(h)).ToList(), list.Cursor, list.Limit);
        }
    }

    internal sealed class GetHandler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<GetWebhook, WebhookView>
    {
        public async Task<WebhookView> Handle(GetWebhook get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            return ViewOf(await ManagedAsync(session, bus, me, get.WebhookId, cancellationToken));
        }
    }

    internal sealed class ChangeHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, IConfiguration configuration)
        : IRequestHandler<ChangeWebhook, WebhookView>
    {
        public async Task<WebhookView> Handle(ChangeWebhook change, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            await ManagedAsync(session, bus, me, change.WebhookId, cancellationToken);
            var url = change.Url!.Trim();
            await CheckUrlAsync(url, configuration, cancellationToken);
            var hook = await BuildingBlocks.Persistence.RowLocks.LoadForUpdateAsync<Webhook>(session, change.WebhookId, cancellationToken)
                       ?? throw ProblemException.NotFound("The webhook");
            hook.Url = url;
            hook.EventKinds = change.EventKinds!.Distinct().ToList();
            hook.Description = string.IsNullOrWhiteSpace(change.Description) ? null : change.Description.Trim();
            if (change.Enabled && !hook.Enabled)
            {
                hook.ConsecutiveFailures = 0; // enabled again: a fresh start
                hook.DisabledAt = null;
                hook.DisabledReason = null;
            }

            hook.Enabled = change.Enabled;
            session.Store(hook);
            await session.SaveChangesAsync(cancellationToken);
            return ViewOf(hook);
        }
    }

    internal sealed class DeleteHandler(IEngagementStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<DeleteWebhook, bool>
    {
        public async Task<bool> Handle(DeleteWebhook delete, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var hook = await ManagedAsync(session, bus, me, delete.WebhookId, cancellationToken);
            session.Delete(hook);
            session.DeleteWhere<WebhookDelivery>(d => d.WebhookId == hook.Id);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class SendTestEventHandler(OutboxedSessionFactory<IEngagementStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<SendTestEvent, Guid>
    {
        public async Task<Guid> Handle(SendTestEvent send, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var hook = await ManagedAsync(session, bus, me, send.WebhookId, cancellationToken);
            if (!hook.Enabled)
            {
                throw ProblemException.Conflict("This webhook is disabled: enable it again first.");
            }

            var now = clock.GetUtcNow();
            var eventId = Guid.CreateVersion7(now);
            var id = WebhookDelivery.IdFor(hook.Id, eventId);
            var body = WebhookEventKinds.Payload(WebhookEventKinds.TestKind, 1, eventId, now,
                new { webhookId = hook.Id, groupId = hook.GroupId, sentBy = me.Id, message = "A test event: the webhook is reachable and the signature checks." });
            session.Insert(new WebhookDelivery
            {
                Id = id, WebhookId = hook.Id, EventType = WebhookEventKinds.TestKind, EventId = eventId, Body = body, CreatedAt = now,
                SortKey = WebhookDelivery.SortKeyFor(now, id),
            });
            await bus.PublishAsync(new WebhookDeliveryHandler.DeliverWebhook(id));
            await session.SaveChangesAsync(cancellationToken);
            return id;
        }
    }

    internal sealed class ListDeliveriesHandler(IEngagementStore store, IMessageBus bus, CurrentMember me)
        : IRequestHandler<ListDeliveries, CursorPage<WebhookDeliveryView>>
    {
        public async Task<CursorPage<WebhookDeliveryView>> Handle(ListDeliveries list, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var hook = await ManagedAsync(session, bus, me, list.WebhookId, cancellationToken);
            string? before = null;
            if (list.Cursor is not null)
            {
                before = Cursor.TryDecode(list.Cursor, out var key, out _) ? key : throw ProblemException.Invalid("cursor", "This cursor is not one we issued.");
            }

            var limit = Cursor.Limit(list.Limit);
            var query = session.Query<WebhookDelivery>().Where(d => d.WebhookId == hook.Id);
            if (before is not null)
            {
                query = query.Where(d => string.Compare(d.SortKey, before) < 0);
            }

            var fetched = await query.OrderByDescending(d => d.SortKey).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, d => (d.SortKey, Guid.Empty));
            return new CursorPage<WebhookDeliveryView>(page.Items.Select(d => new WebhookDeliveryView(d.Id, d.EventType, d.EventId, d.Status.ToString(),
                d.AttemptCount, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.FailureReason,
                d.Attempts.Select(a => new WebhookAttemptView(a.Number, a.At, a.StatusCode, a.Response, a.Error, a.DurationMilliseconds)).ToList())).ToList(),
                page.NextCursor);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string root = "/api/engagement/webhooks";
            app.MapGet(root, (string? cursor, int? limit, IMediator mediator, CancellationToken ct) => mediator.Send(new ListWebhooks(null, cursor, limit), ct))
                .WithSummary("Site-wide webhooks (site administrators): every group's events but a secret group's.").RequireAuthorization(MemberPolicy.Name);
            app.MapPost(root, async (WebhookRegistration body, IMediator mediator, CancellationToken ct) =>
                {
                    var view = await mediator.Send(new Register(null, body.Url, body.EventKinds, body.Description), ct);
                    return TypedResults.Created($"{root}/{view.Id}", view);
                })
                .WithSummary("Register a site-wide webhook (site administrators). The answer holds its signing secret, shown this once.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet("/api/engagement/groups/{groupId:guid}/webhooks", (Guid groupId, string? cursor, int? limit, IMediator mediator, CancellationToken ct) =>
                    mediator.Send(new ListWebhooks(groupId, cursor, limit), ct))
                .WithSummary("A group's webhooks: its sponsors and site administrators.").RequireAuthorization(MemberPolicy.Name);
            app.MapPost("/api/engagement/groups/{groupId:guid}/webhooks", async (Guid groupId, WebhookRegistration body, IMediator mediator, CancellationToken ct) =>
                {
                    var view = await mediator.Send(new Register(groupId, body.Url, body.EventKinds, body.Description), ct);
                    return TypedResults.Created($"{root}/{view.Id}", view);
                })
                .WithSummary("Register a webhook for a group's events (its sponsors). The answer holds its signing secret, shown this once.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(root + "/{webhookId:guid}", (Guid webhookId, IMediator mediator, CancellationToken ct) => mediator.Send(new GetWebhook(webhookId), ct))
                .WithSummary("A webhook (without its secret).").RequireAuthorization(MemberPolicy.Name);
            app.MapPut(root + "/{webhookId:guid}", (Guid webhookId, WebhookChange body, IMediator mediator, CancellationToken ct) =>
                    mediator.Send(new ChangeWebhook(webhookId, body.Url, body.EventKinds, body.Description, body.Enabled), ct))
                .WithSummary("Change a webhook's URL, event kinds or description, or disable or enable it (enabling resets its failure count).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapDelete(root + "/{webhookId:guid}", async (Guid webhookId, IMediator mediator, CancellationToken ct) =>
                {
                    await mediator.Send(new DeleteWebhook(webhookId), ct);
                    return TypedResults.NoContent();
                })
                .WithSummary("Delete a webhook and its delivery log.").RequireAuthorization(MemberPolicy.Name);
            app.MapPost(root + "/{webhookId:guid}/test", async (Guid webhookId, IMediator mediator, CancellationToken ct) =>
                {
                    await mediator.Send(new SendTestEvent(webhookId), ct);
                    return TypedResults.Accepted($"{root}/{webhookId}/deliveries");
                })
                .WithSummary("Send a signed test event (type webhook.test) now; its delivery appears in the log.").RequireAuthorization(MemberPolicy.Name);
            app.MapGet(root + "/{webhookId:guid}/deliveries", (Guid webhookId, string? cursor, int? limit, IMediator mediator, CancellationToken ct) =>
                    mediator.Send(new ListDeliveries(webhookId, cursor, limit), ct))
                .WithSummary("A webhook's delivery log, newest first: status, attempts with the receiver's status code and the start of its answer.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
