using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Knowledge.Curation;
using OCoP.Modules.Knowledge.Files;
using OCoP.Modules.Knowledge.Wiki;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Resources;

/// <summary>
/// Its submitter or a facilitator removes a resource, with its ratings and files, and from search; afterwards it is a 404
/// like one that never existed.
/// </summary>
internal static class DeleteResource
{
    internal sealed record Command(Guid GroupId, Guid ResourceId) : IRequest<bool>;

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken);
            var resource = await ResourceAccess.FindAsync(session, group, command.ResourceId, cancellationToken);
            group.RequireToRemove(resource.SubmittedBy, "a resource");
            session.Delete(resource);
            session.DeleteWhere<ResourceRating>(r => r.ResourceId == resource.Id);
            await DeleteFile.OfTargetAsync(session, resource.GroupId, resource.Id, cancellationToken);
            await bus.PublishAsync(new SearchableContentRemoved(SearchableKind.Resource, resource.Id, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/knowledge/groups/{groupId:guid}/resources/{resourceId:guid}", async (Guid groupId, Guid resourceId, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Command(groupId, resourceId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Remove a resource with its ratings and files: its submitter or a facilitator.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
