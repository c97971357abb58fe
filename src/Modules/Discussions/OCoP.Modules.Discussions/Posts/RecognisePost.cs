using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Posts;

/// <summary>
/// A facilitator or sponsor recognises a member's post: a visible "recognised by" with an optional short note, kept on the
/// post (so the topic page shows it without another query) and published as <see cref="ContributionRecognised"/> for
/// Engagement's notification and badges (ADR 0077). One recognition per recogniser and post; they may take it back.
/// </summary>
internal static class RecognisePost
{
    /// <summary>Who recognises: the forum's moderators by the Membership rule (facilitators, sponsors, site administrators).</summary>
    public const GroupAction Permission = GroupAction.Moderate;

    public const int MaxNoteLength = 280;

    internal sealed record Recognise(string? Note) : IRequest<Recognitions>
    {
        // Set from the route, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int TopicNumber { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public int PostNumber { get; init; }
    }

    internal sealed record Withdraw(Guid GroupId, int TopicNumber, int PostNumber) : IRequest<Recognitions>;

    internal sealed record Recognitions(int PostNumber, IReadOnlyList<ReadTopic.RecognitionView> RecognisedBy);

    internal sealed class Validator : AbstractValidator<Recognise>
    {
        public Validator() => RuleFor(r => r.Note).MaximumLength(MaxNoteLength).WithMessage($"Keep the note to {MaxNoteLength} characters.");
    }

    internal sealed class RecogniseHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Recognise, Recognitions>
    {
        public async Task<Recognitions> Handle(Recognise recognise, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (context, topic, post) = await LoadAsync(session, bus, me, recognise.GroupId, recognise.TopicNumber, recognise.PostNumber, cancellationToken);
            var note = string.IsNullOrWhiteSpace(recognise.Note) ? null : recognise.Note.Trim();
            var now = clock.GetUtcNow();
            var index = post.Recognitions.FindIndex(r => r.RecognisedBy == me.Id);
            if (index >= 0)
            {
                // Saying it again changes the note only: the author was told once.
                post.Recognitions[index] = post.Recognitions[index] with { Note = note };
            }
            else
            {
                post.Recognitions.Add(new PostRecognition(me.Id, note, now));
                await bus.PublishAsync(new ContributionRecognised(topic.GroupId, topic.Id, topic.Number, topic.Title, post.Id, post.Number, post.AuthorId, me.Id,
                    note, Topic.PathFor(context.Group.Slug, topic.Number, post.Number), now));
            }

            session.Store(post);
            await session.SaveChangesAsync(cancellationToken);
            return await ViewAsync(session, post, cancellationToken);
        }
    }

    internal sealed class WithdrawHandler(OutboxedSessionFactory<IDiscussionsStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Withdraw, Recognitions>
    {
        public async Task<Recognitions> Handle(Withdraw withdraw, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var (_, topic, post) = await LoadAsync(session, bus, me, withdraw.GroupId, withdraw.TopicNumber, withdraw.PostNumber, cancellationToken);
            if (post.Recognitions.RemoveAll(r => r.RecognisedBy == me.Id) > 0)
            {
                await bus.PublishAsync(new ContributionRecognitionWithdrawn(topic.GroupId, topic.Id, post.Id, post.Number, post.AuthorId, me.Id, clock.GetUtcNow()));
                session.Store(post);
                await session.SaveChangesAsync(cancellationToken);
            }

            return await ViewAsync(session, post, cancellationToken);
        }
    }

    /// <summary>
    /// The group (403 for who does not moderate it, read-only groups refused), the topic and the post, locked: 404 for a
    /// post that is missing, hidden or deleted; 403 for one's own post (recognition is for others' contributions).
    /// </summary>
    private static async Task<(ForumContext Context, Topic Topic, Post Post)> LoadAsync(IDocumentSession session, IMessageBus bus, CurrentMember me,
        Guid groupId, int topicNumber, int postNumber, CancellationToken cancellationToken)
    {
        var context = (await ForumAccess.LoadToWriteAsync(session, bus, groupId, me, cancellationToken)).RequireRead().RequireWritable().Require(Permission);
        var topic = await TopicLookup.LoadAsync(session, groupId, topicNumber, cancellationToken);
        var found = await session.Query<Post>().FirstOrDefaultAsync(p => p.TopicId == topic.Id && p.Number == postNumber, cancellationToken);
        var post = found is null ? null : await RowLocks.LoadForUpdateAsync<Post>(session, found.Id, cancellationToken);
        if (post is not { Visible: true })
        {
            throw ProblemException.NotFound($"Post {postNumber} of this topic");
        }

        if (post.AuthorId == me.Id)
        {
            throw ProblemException.Forbidden("Recognition is for other members' contributions.");
        }

        return (context, topic, post);
    }

    private static async Task<Recognitions> ViewAsync(IQuerySession session, Post post, CancellationToken cancellationToken)
    {
        var names = await Names.LoadAsync(session, post.Recognitions.Select(r => r.RecognisedBy), cancellationToken);
        return new Recognitions(post.Number, post.Recognitions.Select(r => new ReadTopic.RecognitionView(r.RecognisedBy, names.Of(r.RecognisedBy), r.Note, r.At)).ToList());
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string recognition = "/api/discussions/groups/{groupId:guid}/topics/{topicNumber:int}/posts/{postNumber:int}/recognition";
            app.MapPut(recognition, (Guid groupId, int topicNumber, int postNumber, Recognise recognise, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(recognise with { GroupId = groupId, TopicNumber = topicNumber, PostNumber = postNumber }, cancellationToken))
                .WithSummary("Recognise another member's post, with an optional note (facilitators and sponsors). Again: changes the note.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapDelete(recognition, (Guid groupId, int topicNumber, int postNumber, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Withdraw(groupId, topicNumber, postNumber), cancellationToken))
                .WithSummary("Take your recognition of a post back.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
