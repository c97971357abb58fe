using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Messages;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Engagement.Health;

/// <summary>
/// "Send a welcome" from the dashboard: a facilitator or sponsor writes to a member of their group as a private message
/// (the one messaging path, with its block and validation rules), and the dashboard remembers when. The member must be an
/// active member of the group (404 otherwise, as for a member that does not exist).
/// </summary>
internal static class WelcomeMember
{
    internal sealed record Command(Guid GroupId, Guid MemberId, string? Message) : IRequest<Welcomed>;

    internal sealed record WelcomeBody(string? Message);

    internal sealed record Welcomed(Guid ConversationId, string Path, DateTimeOffset WelcomedAt);

    /// <summary>The text sent when the facilitator writes none.</summary>
    public static string DefaultMessage(string groupName, string slug) =>
        $"Welcome to {groupName}! We are glad you are here. The group's page has an orientation to start with: /groups/{slug}. " +
        "Introduce yourself, or ask a question: someone will answer.";

    internal sealed class Handler(IEngagementStore store, IMessageBus bus, IMediator mediator, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, Welcomed>
    {
        public async Task<Welcomed> Handle(Command command, CancellationToken cancellationToken)
        {
            GroupViewer viewer;
            await using (var query = store.QuerySession())
            {
                viewer = (await GroupAccess.ForWriteAsync(query, bus, command.GroupId, me, cancellationToken)).RequireToChange(GroupAction.Moderate);
                var membership = await query.LoadAsync<MembershipFacts>(MembershipFacts.IdFor(viewer.GroupId, command.MemberId), cancellationToken);
                if (membership is not { Active: true })
                {
                    throw ProblemException.NotFound("The member");
                }
            }

            var message = string.IsNullOrWhiteSpace(command.Message) ? DefaultMessage(viewer.Name, viewer.Slug) : command.Message;
            var conversation = await mediator.Send(new Messaging.Start([command.MemberId], $"Welcome to {viewer.Name}", message), cancellationToken);
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var id = HealthMember.IdFor(viewer.GroupId, command.MemberId);
            var existing = await RowLocks.LoadForUpdateAsync<HealthMember>(session, id, cancellationToken);
            var member = existing ?? new HealthMember { Id = id, GroupId = viewer.GroupId, MemberId = command.MemberId };
            member.WelcomedAt = now;
            RowLocks.Save(session, member, existing is null);
            await session.SaveChangesAsync(cancellationToken);
            return new Welcomed(conversation.Id, $"/messages/{conversation.Id:N}", now);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/engagement/groups/{groupId:guid}/members/{memberId:guid}/welcome",
                    (Guid groupId, Guid memberId, WelcomeBody? body, IMediator mediator, CancellationToken cancellationToken) =>
                        mediator.Send(new Command(groupId, memberId, body?.Message), cancellationToken))
                .WithSummary("Sends a member a welcome as a private message from a facilitator or sponsor of the group, and notes it on the dashboard.")
                .Produces<Welcomed>(StatusCodes.Status200OK)
                .RequireAuthorization(MemberPolicy.Name);
    }
}
