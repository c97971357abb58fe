using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Curation;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Files;

/// <summary>
/// Its uploader or a facilitator removes a file (its bytes with it); afterwards it is a 404 like any missing file. Also
/// removes the files of a post, resource or page being removed.
/// </summary>
internal static class DeleteFile
{
    internal sealed record Command(Guid GroupId, Guid FileId) : IRequest<bool>;

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken);
            var file = await session.LoadAsync<KnowledgeFile>(command.FileId, cancellationToken);
            if (!group.CanRead || file is null || file.GroupId != group.GroupId)
            {
                throw ProblemException.NotFound("The file");
            }

            group.RequireToRemove(file.UploadedBy, "a file");
            session.Delete(file);
            FileContents.Delete(session, [file.Id]);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>Queues, in the caller's session, the removal of every file attached to the thing.</summary>
    public static async Task OfTargetAsync(IDocumentSession session, Guid groupId, Guid targetId, CancellationToken cancellationToken)
    {
        var ids = await session.Query<KnowledgeFile>().Where(f => f.GroupId == groupId && f.TargetId == targetId).Select(f => f.Id).ToListAsync(cancellationToken);
        session.DeleteWhere<KnowledgeFile>(f => f.GroupId == groupId && f.TargetId == targetId);
        FileContents.Delete(session, [.. ids]);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapDelete("/api/knowledge/groups/{groupId:guid}/files/{fileId:guid}", async (Guid groupId, Guid fileId, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Command(groupId, fileId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Remove a file: its uploader or a facilitator.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
