using System.Net;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Email;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using OCoP.Modules.Membership.Tokens;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// Invite someone by e-mail address or a member directly. The link carries a random token (only its hash is kept) and
/// expires; an expired link answers 410 Gone and says so.
/// </summary>
internal static class Invitations
{
    public const string TokenPrefix = "ocop_inv_";

    internal sealed record Invite(string? Email, [property: System.Text.Json.Serialization.JsonPropertyName("inviteeId")] Guid? MemberId, int ExpiresInDays = 14) : IRequest<Invited>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record Invited(Guid Id, DateTimeOffset ExpiresAt, string Link);

    internal sealed record Accept(string Token, int? AcceptCodeOfConductVersion) : IRequest<Joining.JoinResult>;

    internal sealed class InviteValidator : AbstractValidator<Invite>
    {
        public InviteValidator()
        {
            RuleFor(i => i.Email).EmailAddress().MaximumLength(254).When(i => i.Email is not null);
            RuleFor(i => i).Must(i => (i.Email is null) != (i.MemberId is null)).WithName("email").WithMessage("Invite either an e-mail address or a member.");
            RuleFor(i => i.ExpiresInDays).InclusiveBetween(1, 90);
        }
    }

    internal sealed class InviteHandler(
        OutboxedSessionFactory<IMembershipStore> sessions,
        IMessageBus bus,
        CurrentMember me,
        TimeProvider clock,
        EmailSender email,
        IOptions<SiteOptions> site,
        ILogger<InviteHandler> logger) : IRequestHandler<Invite, Invited>
    {
        public async Task<Invited> Handle(Invite invite, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await GroupAccess.LoadAsync(session, invite.GroupId, me, cancellationToken)).Require(GroupAction.InviteMembers).Group;
            Joining.RefuseIfNotOpenToNewMembers(group);
            var now = clock.GetUtcNow();
            var recipient = invite.MemberId is { } memberId
                ? await session.LoadAsync<Member>(memberId, cancellationToken) ?? throw ProblemException.NotFound("The member")
                : null;

            var token = PersonalAccessToken.NewSecret().Replace(PersonalAccessToken.Prefix, TokenPrefix);
            var invitation = new GroupInvitation
            {
                Id = Guid.CreateVersion7(now),
                GroupId = group.Id,
                Email = invite.Email?.Trim(),
                MemberId = invite.MemberId,
                TokenHash = PersonalAccessToken.Hash(token),
                InvitedBy = me.Id,
                CreatedAt = now,
                ExpiresAt = now.AddDays(invite.ExpiresInDays),
            };
            session.Store(invitation);

            if (recipient is not null)
            {
                // The invitee can now see a secret group, to decide whether to accept.
                var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(group.Id, recipient.Id), cancellationToken);
                if (membership is { State: GroupMembershipState.Active })
                {
                    throw ProblemException.Conflict("This member already belongs to the group.");
                }

                if (membership is null || membership.State is not GroupMembershipState.Banned)
                {
                    session.Store(new GroupMembership
                    {
                        Id = GroupMembership.IdFor(group.Id, recipient.Id), GroupId = group.Id, MemberId = recipient.Id,
                        State = GroupMembershipState.Invited, Since = now, Roles = Joining.NewMemberRoles.ToList(),
                    });
                }
            }

            await session.SaveChangesAsync(cancellationToken);
            var link = site.Value.Link($"/groups/invitations/{token}");
            var address = recipient?.Email ?? invitation.Email!;
            try
            {
                await email.SendAsync(new EmailMessage(address, recipient?.DisplayName ?? address, $"You are invited to join {group.Name}",
                    $"{me.DisplayName} invites you to join the group {group.Name} on {site.Value.Name}.\n\n{group.Charter.Purpose}\n\nAccept: {link}\n" +
                    $"This link expires on {invitation.ExpiresAt:yyyy-MM-dd}.\n",
                    $"<p>{WebUtility.HtmlEncode(me.DisplayName)} invites you to join <strong>{WebUtility.HtmlEncode(group.Name)}</strong>.</p>" +
                    $"<p>{WebUtility.HtmlEncode(group.Charter.Purpose)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Accept the invitation</a></p>"),
                    cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
                                                  or MailKit.CommandException)
            {
                logger.LogError(exception, "Could not e-mail the invitation {InvitationId}; the link still works", invitation.Id);
            }

            return new Invited(invitation.Id, invitation.ExpiresAt, link);
        }
    }

    internal sealed class AcceptHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Accept, Joining.JoinResult>
    {
        public async Task<Joining.JoinResult> Handle(Accept accept, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var hash = PersonalAccessToken.Hash(accept.Token);
            var invitation = await session.Query<GroupInvitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken)
                             ?? throw ProblemException.NotFound("The invitation");
            var now = clock.GetUtcNow();
            if (invitation.AcceptedAt is not null)
            {
                throw ProblemException.Conflict("This invitation was already used.");
            }

            if (invitation.ExpiresAt <= now)
            {
                throw ProblemException.Gone($"This invitation expired on {invitation.ExpiresAt:yyyy-MM-dd}. Ask a facilitator of the group for a new one.");
            }

            if (invitation.MemberId is { } invitee && invitee != me.Id)
            {
                throw ProblemException.Forbidden("This invitation is for another member.");
            }

            var group = await session.LoadAsync<Group>(invitation.GroupId, cancellationToken) ?? throw ProblemException.NotFound("The group");
            Joining.RefuseIfNotOpenToNewMembers(group);
            var membership = await session.LoadAsync<GroupMembership>(GroupMembership.IdFor(group.Id, me.Id), cancellationToken);
            if (membership?.State is GroupMembershipState.Active)
            {
                throw ProblemException.Conflict("You are already a member of this group.");
            }

            if (membership?.State is GroupMembershipState.Banned)
            {
                throw ProblemException.Forbidden("You were banned from this group.");
            }

            CodeOfConductRules.RequireAccepted(group, accept.AcceptCodeOfConductVersion);
            membership ??= new GroupMembership { Id = GroupMembership.IdFor(group.Id, me.Id), GroupId = group.Id, MemberId = me.Id };
            membership.AcceptedCodeOfConductVersion = group.CodeOfConductVersion;
            invitation.AcceptedAt = now;
            invitation.AcceptedBy = me.Id;
            session.Store(invitation);
            await Seats.TakeOrWaitAsync(session, bus, group, membership, Joining.NewMemberRoles, now);
            if (group.CodeOfConductVersion > 0)
            {
                await bus.PublishAsync(new CodeOfConductAccepted(group.Id, me.Id, group.CodeOfConductVersion, now));
            }

            await ConcurrentSeats.SaveAsync(session, cancellationToken);
            return new Joining.JoinResult(membership.State.ToString());
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/groups/{groupId:guid}/invitations", async (Guid groupId, Invite invite, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var invited = await mediator.Send(invite with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created($"/api/membership/groups/{groupId}/invitations/{invited.Id}", invited);
                })
                .WithSummary("Invite an e-mail address or a member (facilitators). The link is e-mailed and returned; it expires.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/membership/invitations/{invitationToken}/accept", (string invitationToken, AcceptBody body, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new Accept(invitationToken, body.AcceptCodeOfConductVersion), cancellationToken))
                .WithSummary("Accept an invitation: joins the group (or its waiting list when full). 410 when the invitation expired.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }

    internal sealed record AcceptBody(int? AcceptCodeOfConductVersion);
}
