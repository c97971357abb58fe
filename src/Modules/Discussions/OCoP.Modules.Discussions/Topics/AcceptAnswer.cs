using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>The asker, a domain expert or a facilitator marks one reply to a question as its accepted answer.</summary>
internal static class AcceptAnswer
{
    internal sealed record Accept(int? PostNumber) : IRequest<int?>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Accept>
    {
        public Validator() => RuleFor(a => a.PostNumber).GreaterThan(1).WithMessage("The answer is a reply, not the question itself.");
    }

    internal sealed class Handler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Accept, int?>
    {
        public async Task<int?> Handle(Accept accept, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var context = (await ForumAccess.LoadAsync(session, accept.GroupId, me, cancellationToken)).RequireRead().RequireWritable();
            var topic = await TopicLookup.LoadForUpdateAsync(session, accept.GroupId, accept.TopicNumber, cancellationToken);
            if (topic.Kind != TopicKind.Question)
            {
                throw ProblemException.Conflict("Only questions have accepted answers.");
            }

            var asker = topic.AuthorId == me.Id && context.IsMember;
            if (!asker)
            {
                context.Require(ForumAction.AcceptAnswers);
            }

            var now = clock.GetUtcNow();
            if (accept.PostNumber is not { } number)
            {
                topic.AcceptedPostNumber = null;
                session.Store(topic.Indexed());
                await session.SaveChangesAsync(cancellationToken);
                return null;
            }

            var answer = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == number, cancellationToken);
            if (answer is not { Visible: true })
            {
                throw ProblemException.Invalid("postNumber", $"The topic has no visible reply {number}.");
            }

            topic.AcceptedPostNumber = number;
            session.Store(topic.Indexed());
            await bus.PublishAsync(new AnswerAccepted(topic.GroupId, topic.Id, topic.AuthorId, answer.Id, number, answer.AuthorId, me.Id,
                Topic.PathFor(context.Group.Slug, topic.Number, number), now));
            await session.SaveChangesAsync(cancellationToken);
            return number;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPut("/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/accepted-answer", async (Guid groupId, int topicNumber, Accept accept,
                    IMediator mediator, CancellationToken cancellationToken) =>
                    Results.Ok(new { acceptedPostNumber = await mediator.Send(accept with { GroupId = groupId, TopicNumber = topicNumber }, cancellationToken) }))
                .WithSummary("Accept a reply as the answer to a question (postNumber null takes it back): the asker, domain experts, facilitators.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
