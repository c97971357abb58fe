using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Email;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Membership terms: a group may give memberships a length. Each term schedules, durably in PostgreSQL, a reminder
/// before it ends and the lapse at its end; renewing moves the end, and the earlier schedules then find nothing to do.
/// </summary>
internal static class MembershipTerms
{
    public static readonly TimeSpan ReminderLead = TimeSpan.FromDays(14);

    /// <summary>Starts or extends a term from the later of now and the current end; schedules its reminder and lapse.</summary>
    public static async Task StartAsync(IMessageBus bus, Group group, GroupMembership membership, DateTimeOffset now)
    {
        if (group.TermMonths is not { } months)
        {
            membership.ExpiresAt = null;
            return;
        }

        var from = membership.ExpiresAt is { } end && end > now ? end : now;
        membership.ExpiresAt = from.AddMonths(months);
        var expires = membership.ExpiresAt.Value;
        var remindAt = expires - ReminderLead > now ? expires - ReminderLead : now + (expires - now) / 2;
        await bus.ScheduleAsync(new MembershipTermHandler.ExpiryReminderDue(group.Id, membership.MemberId, expires), remindAt);
        await bus.ScheduleAsync(new MembershipTermHandler.LapseDue(group.Id, membership.MemberId, expires), expires);
    }

    internal sealed record Renew(Guid GroupId) : IRequest<Renewed>;

    internal sealed record Renewed(string State, DateTimeOffset? ExpiresAt);

    internal sealed record RecordFee(string Status) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed class RecordFeeValidator : AbstractValidator<RecordFee>
    {
        public RecordFeeValidator() => RuleFor(f => f.Status).Must(s => s is "Paid" or "Waived").WithMessage("Paid or Waived.");
    }

    internal sealed class RenewHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Renew, Renewed>
    {
        public async Task<Renewed> Handle(Renew renew, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await GroupAccess.LoadAsync(session, renew.GroupId, me, cancellationToken)).RequireVisible();
            var group = context.Group;
            var membership = context.Membership;
            if (group.TermMonths is null)
            {
                throw ProblemException.Conflict("Memberships of this group do not expire: there is nothing to renew.");
            }

            if (membership?.State is not (GroupMembershipState.Active or GroupMembershipState.Lapsed))
            {
                throw ProblemException.NotFound("Your membership of this group");
            }

            Joining.RefuseIfNotOpenToNewMembers(group);
            var now = clock.GetUtcNow();
            if (membership.State == GroupMembershipState.Lapsed)
            {
                // A lapsed member takes a seat again (or waits for one); the term starts when they are back in.
                membership.ExpiresAt = null;
                await Seats.TakeOrWaitAsync(session, bus, group, membership, membership.Roles.Count > 0 ? membership.Roles : Joining.NewMemberRoles, now);
            }
            else
            {
                await StartAsync(bus, group, membership, now);
                session.Store(membership);
            }

            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return new Renewed(membership.State.ToString(), membership.ExpiresAt);
        }
    }

    internal sealed class RecordFeeHandler(IMembershipStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<RecordFee, bool>
    {
        public async Task<bool> Handle(RecordFee record, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var group = (await GroupAccess.LoadAsync(session, record.GroupId, me, cancellationToken)).Require(GroupAction.ApproveMembers).Group;
            if (group.Fee is not { } fee)
            {
                throw ProblemException.Conflict("This group has no membership fee.");
            }

            var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(record.GroupId, record.MemberId), cancellationToken)
                             ?? throw ProblemException.NotFound("This member in the group");
            membership.Fee = new FeeRecord(record.Status, fee.Amount, fee.Currency, me.Id, clock.GetUtcNow());
            session.Store(membership);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/groups/{groupId:guid}/renew", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Renew(groupId), cancellationToken))
                .WithSummary("Renew your membership for another term (also brings a lapsed membership back).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/membership/groups/{groupId:guid}/members/{memberId:guid}/fee", async (Guid groupId, Guid memberId, RecordFee record, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(record with { GroupId = groupId, MemberId = memberId }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Record a member's fee as Paid or Waived (facilitators). No payment is taken.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>
/// The scheduled steps of a membership term, run by Wolverine from its durable store (a restart loses none). Public
/// because Wolverine's generated code calls it (docs/adr/0001); its messages are nested here so they stay its own.
/// </summary>
[MartenStore(typeof(IMembershipStore))]
public static class MembershipTermHandler
{
    public sealed record ExpiryReminderDue(Guid GroupId, Guid MemberId, DateTimeOffset ExpiresAt);

    public sealed record LapseDue(Guid GroupId, Guid MemberId, DateTimeOffset ExpiresAt);

    /// <summary>Tell the member by e-mail, in a message of its own, so that mail trouble retries alone.</summary>
    public sealed record ReminderEmailDue(Guid GroupId, Guid MemberId, DateTimeOffset ExpiresAt);

    public static async Task<OutgoingMessages> Handle(ExpiryReminderDue due, IDocumentSession session)
    {
        var messages = new OutgoingMessages();
        var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(due.GroupId, due.MemberId));
        // Renewed or gone since this was scheduled: nothing to remind.
        if (membership is { State: GroupMembershipState.Active } && membership.ExpiresAt == due.ExpiresAt)
        {
            messages.Add(new GroupMembershipExpiring(due.GroupId, due.MemberId, due.ExpiresAt));
            messages.Add(new ReminderEmailDue(due.GroupId, due.MemberId, due.ExpiresAt));
        }

        return messages;
    }

    public static async Task Handle(ReminderEmailDue due, IDocumentSession session, EmailSender email, IOptions<SiteOptions> site)
    {
        var group = await session.LoadAsync<Group>(due.GroupId);
        var member = await session.LoadAsync<Members.Member>(due.MemberId);
        if (group is null || member is not { IsDeleted: false })
        {
            return;
        }

        var link = site.Value.Link($"/groups/{group.Slug}");
        var text = $"Your membership of {group.Name} ends on {due.ExpiresAt:d MMMM yyyy}. Renew it from the group's page: {link}\n";
        await email.SendAsync(new EmailMessage(member.Email, member.DisplayName, $"Your membership of {group.Name} ends soon", text,
            $"<p>Your membership of <strong>{System.Net.WebUtility.HtmlEncode(group.Name)}</strong> ends on {due.ExpiresAt:d MMMM yyyy}.</p>" +
            $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Renew it from the group's page</a></p>"), CancellationToken.None);
    }

    public static async Task Handle(LapseDue due, IDocumentSession session, IMessageBus bus, TimeProvider clock)
    {
        var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(due.GroupId, due.MemberId));
        var now = clock.GetUtcNow();
        if (membership is not { State: GroupMembershipState.Active } || membership.ExpiresAt != due.ExpiresAt || now < due.ExpiresAt)
        {
            return;
        }

        var group = await session.LoadAsync<Group>(due.GroupId);
        if (group is null)
        {
            return;
        }

        membership.State = GroupMembershipState.Lapsed;
        membership.Since = now;
        session.Store(membership);
        await bus.PublishAsync(new GroupMembershipLapsed(due.GroupId, due.MemberId, now));
        await Seats.FreeAsync(session, bus, group, now);
    }
}
