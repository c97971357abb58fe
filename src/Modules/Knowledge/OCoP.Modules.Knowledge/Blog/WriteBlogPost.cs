using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>
/// Write a blog post (contributors and above: <see cref="GroupAction.Post"/>) as a draft, published at once, or scheduled
/// for a time; and edit one (its author, or a facilitator).
/// </summary>
internal static class WriteBlogPost
{
    public const int MaxTitleLength = 150;
    public const int MaxBodyLength = 100_000;

    /// <summary>Neither <c>publish</c> nor <c>publishAt</c>: a draft. <c>publish</c>: out now. <c>publishAt</c>: out then.</summary>
    internal sealed record Create(string Title, string Body, bool Publish = false, DateTimeOffset? PublishAt = null) : IRequest<PostWritten>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record Edit(string Title, string Body) : IRequest<PostWritten>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid PostId { get; init; }
    }

    internal sealed record PostWritten(Guid Id, BlogPostState State, DateTimeOffset? PublishAt, DateTimeOffset? PublishedAt, string Path);

    internal sealed class CreateValidator : AbstractValidator<Create>
    {
        public CreateValidator()
        {
            RuleFor(c => c.Title).NotEmpty().MaximumLength(MaxTitleLength);
            RuleFor(c => c.Body).NotEmpty().MaximumLength(MaxBodyLength);
            RuleFor(c => c.PublishAt).Null().When(c => c.Publish).WithMessage("Publish now or at a time, not both.");
        }
    }

    internal sealed class EditValidator : AbstractValidator<Edit>
    {
        public EditValidator()
        {
            RuleFor(c => c.Title).NotEmpty().MaximumLength(MaxTitleLength);
            RuleFor(c => c.Body).NotEmpty().MaximumLength(MaxBodyLength);
        }
    }

    internal static PostWritten Answer(BlogPost post, string groupSlug) => new(post.Id, post.State, post.PublishAt, post.PublishedAt, post.PathIn(groupSlug));

    internal sealed class CreateHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock, MarkdownRenderer markdown)
        : IRequestHandler<Create, PostWritten>
    {
        public async Task<PostWritten> Handle(Create command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken)).RequireToChange(GroupAction.Post);
            var now = clock.GetUtcNow();
            var post = new BlogPost
            {
                Id = Guid.CreateVersion7(), GroupId = group.GroupId, AuthorId = me.Id, Title = command.Title.Trim(), Source = command.Body,
                Html = markdown.ToSafeHtml(command.Body), State = BlogPostState.Draft, CreatedAt = now, UpdatedAt = now,
            };
            session.Store(post);
            if (command.Publish)
            {
                await BlogPublishing.PublishAsync(session, bus, post, group.Slug, now);
            }
            else if (command.PublishAt is { } publishAt)
            {
                await BlogPublishing.ScheduleAsync(session, bus, post, publishAt, now);
            }

            await session.SaveChangesAsync(cancellationToken);
            return Answer(post, group.Slug);
        }
    }

    internal sealed class EditHandler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock, MarkdownRenderer markdown)
        : IRequestHandler<Edit, PostWritten>
    {
        public async Task<PostWritten> Handle(Edit command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken);
            var post = await BlogAccess.FindAsync(session, group.RequireRead(), command.PostId, cancellationToken);
            group.RequireToEdit(post);
            var now = clock.GetUtcNow();
            post.Title = command.Title.Trim();
            post.Source = command.Body;
            post.Html = markdown.ToSafeHtml(command.Body);
            post.UpdatedAt = now;
            session.Store(post);
            if (post.IsPublished)
            {
                await BlogPublishing.IndexAsync(bus, post, group.Slug, now);
            }

            await session.SaveChangesAsync(cancellationToken);
            return Answer(post, group.Slug);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/knowledge/groups/{groupId:guid}/posts", async (Guid groupId, Create command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var written = await mediator.Send(command with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created(BlogPaths.Api(groupId, written.Id), written);
                })
                .WithSummary("Write a blog post: a draft, published now (publish) or at a time (publishAt). Contributors and above.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/knowledge/groups/{groupId:guid}/posts/{postId:guid}", async (Guid groupId, Guid postId, Edit command, IMediator mediator,
                    CancellationToken cancellationToken) => TypedResults.Ok(await mediator.Send(command with { GroupId = groupId, PostId = postId }, cancellationToken)))
                .WithSummary("Change a blog post's title and text: its author, or a facilitator.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
