using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Engagement.Messages;

/// <summary>A member blocks another (who can then no longer message them), lists and lifts their blocks.</summary>
internal static class Blocking
{
    internal sealed record BlockMember(Guid MemberId) : IRequest<BlockView>;

    internal sealed record Unblock(Guid MemberId) : IRequest<bool>;

    internal sealed record MyBlocks : IRequest<IReadOnlyList<BlockView>>;

    internal sealed record BlockView(Guid MemberId, string DisplayName, DateTimeOffset BlockedAt);

    internal sealed class BlockHandler(IEngagementStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<BlockMember, BlockView>
    {
        public async Task<BlockView> Handle(BlockMember block, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            if (block.MemberId == myId)
            {
                throw ProblemException.Invalid("memberId", "You cannot block yourself.");
            }

            await using var session = store.LightweightSession();
            var person = await session.LoadAsync<Person>(block.MemberId, cancellationToken);
            if (person is not { Deleted: false })
            {
                throw ProblemException.NotFound("The member");
            }

            var id = MemberBlock.IdFor(myId, block.MemberId);
            var existing = await session.LoadAsync<MemberBlock>(id, cancellationToken);
            if (existing is null)
            {
                existing = new MemberBlock { Id = id, BlockerId = myId, BlockedId = block.MemberId, BlockedAt = clock.GetUtcNow() };
                session.Store(existing);
                await session.SaveChangesAsync(cancellationToken);
            }

            return new BlockView(existing.BlockedId, person.DisplayName, existing.BlockedAt);
        }
    }

    internal sealed class UnblockHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<Unblock, bool>
    {
        public async Task<bool> Handle(Unblock unblock, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var id = MemberBlock.IdFor(me.Id, unblock.MemberId);
            if (await session.LoadAsync<MemberBlock>(id, cancellationToken) is null)
            {
                throw ProblemException.NotFound("The block");
            }

            session.Delete<MemberBlock>(id);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class MyBlocksHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<MyBlocks, IReadOnlyList<BlockView>>
    {
        public async Task<IReadOnlyList<BlockView>> Handle(MyBlocks request, CancellationToken cancellationToken)
        {
            var myId = me.Id;
            await using var session = store.QuerySession();
            var blocks = await session.Query<MemberBlock>().Where(b => b.BlockerId == myId).OrderBy(b => b.BlockedAt).Take(500).ToListAsync(cancellationToken);
            var names = await Messaging.NamesAsync(session, blocks.Select(b => b.BlockedId), cancellationToken);
            return blocks.Select(b => new BlockView(b.BlockedId, names.GetValueOrDefault(b.BlockedId, Person.FormerMember), b.BlockedAt)).ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string root = "/api/engagement/blocks";
            app.MapGet(root, async (string? cursor, int? limit, IMediator mediator, CancellationToken ct) => CursorPage.Of(await mediator.Send(new MyBlocks(), ct), cursor, limit))
                .WithSummary("The members I blocked.").RequireAuthorization(MemberPolicy.Name);
            app.MapPut(root + "/{memberId:guid}", (Guid memberId, IMediator mediator, CancellationToken ct) => mediator.Send(new BlockMember(memberId), ct))
                .WithSummary("Block a member: they can no longer message me.").RequireAuthorization(MemberPolicy.Name);
            app.MapDelete(root + "/{memberId:guid}", async (Guid memberId, IMediator mediator, CancellationToken ct) =>
                {
                    await mediator.Send(new Unblock(memberId), ct);
                    return TypedResults.NoContent();
                })
                .WithSummary("Lift a block.").RequireAuthorization(MemberPolicy.Name);
        }
    }
}
