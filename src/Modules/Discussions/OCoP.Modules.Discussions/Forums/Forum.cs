using OCoP.Modules.Membership.Access;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Discussions.Forums;

/// <summary>A group's forum: its categories and settings, and what the current member may do there.</summary>
internal static class Forum
{
    internal sealed record Get(Guid? GroupId, string? Slug = null) : IRequest<View>;

    internal sealed record View(Guid GroupId, string Slug, string Name, GroupVisibility Visibility, GroupStatus Status,
        IReadOnlyList<Category> Categories, Settings Settings, IReadOnlyList<string> CodeOfConduct, Viewer Viewer, int? PendingReviews);

    internal sealed record Settings(int? AutoCloseAfterIdleDays, int FlagThreshold);

    internal sealed record Viewer(bool IsMember, IReadOnlyList<GroupRole> Roles, bool CanPost, bool CanAcceptAnswers, bool CanModerate);

    internal sealed record SaveCategory(string Name, string? Description, int? Position) : IRequest<Category>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }

        /// <summary>Null adds a category; an id renames or moves that one.</summary>
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid? CategoryId { get; init; }
    }

    internal sealed record DeleteCategory(Guid GroupId, Guid CategoryId) : IRequest<bool>;

    internal sealed record ChangeSettings(int? AutoCloseAfterIdleDays, int? FlagThreshold) : IRequest<Settings>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed class SaveCategoryValidator : AbstractValidator<SaveCategory>
    {
        public SaveCategoryValidator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(60);
            RuleFor(c => c.Description).MaximumLength(500);
            RuleFor(c => c.Position).InclusiveBetween(0, 1000);
        }
    }

    internal sealed class ChangeSettingsValidator : AbstractValidator<ChangeSettings>
    {
        public ChangeSettingsValidator()
        {
            RuleFor(s => s.AutoCloseAfterIdleDays).InclusiveBetween(1, 3650);
            RuleFor(s => s.FlagThreshold).InclusiveBetween(1, 100);
        }
    }

    internal sealed class GetHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me, IOptions<DiscussionsOptions> options) : IRequestHandler<Get, View>
    {
        public async Task<View> Handle(Get get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var context = get.GroupId is { } id
                ? await ForumAccess.LoadAsync(session, bus, id, me, cancellationToken)
                : await ForumAccess.LoadBySlugAsync(session, bus, get.Slug ?? "", me, cancellationToken);
            context.RequireRead();
            // The review queue (posts and chat messages) is short and indexed; counting it for facilitators only is cheap.
            int? pending = context.Can(GroupAction.Moderate)
                ? await session.Query<Topics.Post>().CountAsync(p => p.GroupId == context.Group.GroupId && p.InReview, cancellationToken) +
                  await session.Query<Moderation.ChatFlagReview>().CountAsync(r => r.GroupId == context.Group.GroupId && r.Pending, cancellationToken)
                : null;
            return ViewOf(context, options.Value, pending);
        }
    }

    public static View ViewOf(ForumContext context, DiscussionsOptions options, int? pendingReviews)
    {
        var (group, forum) = (context.Group, context.Forum);
        var canModerate = context.Can(GroupAction.Moderate);
        return new View(group.GroupId, group.Slug, group.Name, group.Visibility, group.Status, forum.Categories.OrderBy(c => c.Position).ThenBy(c => c.Name).ToList(),
            SettingsOf(forum, options), forum.CodeOfConductClauses,
            new Viewer(context.IsMember, context.Roles, context.Can(GroupAction.Post) && !group.IsReadOnly, context.Can(GroupAction.AcceptAnswers),
                canModerate),
            pendingReviews);
    }

    private static Settings SettingsOf(ForumGroup group, DiscussionsOptions options) =>
        new(group.AutoCloseAfterIdleDays, group.FlagThreshold ?? options.DefaultFlagThreshold);

    internal sealed class SaveCategoryHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me) : IRequestHandler<SaveCategory, Category>
    {
        public async Task<Category> Handle(SaveCategory save, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var context = (await ForumAccess.LoadForUpdateAsync(session, bus, save.GroupId, me, cancellationToken)).Require(GroupAction.Moderate).RequireWritable();
            var group = context.Forum;
            var name = save.Name.Trim();
            var slug = Slugs.From(name);
            if (group.Categories.Any(c => c.Id != save.CategoryId && c.Slug == slug))
            {
                throw ProblemException.Invalid("name", $"The forum already has a category called {name}.");
            }

            Category category;
            if (save.CategoryId is { } id)
            {
                var existing = group.Categories.FirstOrDefault(c => c.Id == id) ?? throw ProblemException.NotFound("The category");
                category = existing with { Name = name, Slug = slug, Description = save.Description?.Trim(), Position = save.Position ?? existing.Position };
                group.Categories[group.Categories.IndexOf(existing)] = category;
            }
            else
            {
                category = new Category(Guid.CreateVersion7(), name, slug, save.Description?.Trim(), save.Position ?? group.Categories.Count);
                group.Categories.Add(category);
            }

            session.Store(group);
            await session.SaveChangesAsync(cancellationToken);
            return category;
        }
    }

    internal sealed class DeleteCategoryHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me) : IRequestHandler<DeleteCategory, bool>
    {
        public async Task<bool> Handle(DeleteCategory delete, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var context = (await ForumAccess.LoadForUpdateAsync(session, bus, delete.GroupId, me, cancellationToken)).Require(GroupAction.Moderate).RequireWritable();
            if (await session.Query<Topics.Topic>().AnyAsync(t => t.GroupId == delete.GroupId && t.CategoryId == delete.CategoryId, cancellationToken))
            {
                throw ProblemException.Conflict("Topics use this category: move them first, or rename the category instead.");
            }

            if (context.Forum.Categories.RemoveAll(c => c.Id == delete.CategoryId) == 0)
            {
                throw ProblemException.NotFound("The category");
            }

            session.Store(context.Forum);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class ChangeSettingsHandler(IMessageBus bus, IDiscussionsStore store, CurrentMember me, IOptions<DiscussionsOptions> options)
        : IRequestHandler<ChangeSettings, Settings>
    {
        public async Task<Settings> Handle(ChangeSettings change, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var context = (await ForumAccess.LoadForUpdateAsync(session, bus, change.GroupId, me, cancellationToken)).Require(GroupAction.Moderate).RequireWritable();
            context.Forum.AutoCloseAfterIdleDays = change.AutoCloseAfterIdleDays;
            context.Forum.FlagThreshold = change.FlagThreshold;
            session.Store(context.Forum);
            await session.SaveChangesAsync(cancellationToken);
            return SettingsOf(context.Forum, options.Value);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/discussions/groups/{groupId:guid}", (Guid groupId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Get(groupId), cancellationToken))
                .WithSummary("A group's forum: categories, settings, the code of conduct's clauses, and what you may do there.");

            app.MapPost("/api/discussions/groups/{groupId:guid}/categories", async (Guid groupId, SaveCategory save, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    var category = await mediator.Send(save with { GroupId = groupId, CategoryId = null }, cancellationToken);
                    return TypedResults.Created($"/api/discussions/groups/{groupId}/categories/{category.Id}", category);
                })
                .WithSummary("Add a category (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/discussions/groups/{groupId:guid}/categories/{categoryId:guid}", (Guid groupId, Guid categoryId, SaveCategory save,
                    IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(save with { GroupId = groupId, CategoryId = categoryId }, cancellationToken))
                .WithSummary("Rename, describe or move a category (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapDelete("/api/discussions/groups/{groupId:guid}/categories/{categoryId:guid}", async (Guid groupId, Guid categoryId,
                    IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new DeleteCategory(groupId, categoryId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Delete an unused category (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/discussions/groups/{groupId:guid}/settings", (Guid groupId, ChangeSettings change, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(change with { GroupId = groupId }, cancellationToken))
                .WithSummary("Auto-close after N idle days (null: never) and the flag threshold (facilitators).")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

internal static class Slugs
{
    public static string From(string name)
    {
        var slug = MemberNames.HandleFor(name).Replace('_', '-');
        return slug.Length == 0 ? "category" : slug;
    }
}
