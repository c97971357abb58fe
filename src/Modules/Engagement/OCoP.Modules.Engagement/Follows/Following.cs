using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Engagement.Follows;

/// <summary>
/// A member follows a member, group, topic, tag, wiki page, group blog or group resource directory at a level of their choosing, or stops following it. Refused, with
/// nothing changed: following oneself, an unknown member, group or topic, a secret group one is not in (as if it did not
/// exist), and a topic of a members-only or secret group one is not in.
/// </summary>
internal static class Following
{
    internal sealed record Set(string? Target, string? Id, string? Level) : IRequest<View>;

    internal sealed record Unset(string? Target, string? Id) : IRequest<bool>;

    internal sealed record View(string Target, string Id, string Level, bool Chosen, Guid? GroupId, DateTimeOffset ChangedAt);

    internal sealed class SetValidator : AbstractValidator<Set>
    {
        public SetValidator()
        {
            RuleFor(s => s.Target).Must(t => TryTarget(t, out _)).WithMessage("Follow a member, group, topic, tag, wiki page, blog or resources.");
            RuleFor(s => s.Id).NotEmpty().WithMessage("Say what to follow.").MaximumLength(50);
            RuleFor(s => s.Level).Must(l => TryLevel(l, out _)).WithMessage("The level is watching, tracking, normal or muted.");
        }
    }

    internal sealed class UnsetValidator : AbstractValidator<Unset>
    {
        public UnsetValidator()
        {
            RuleFor(s => s.Target).Must(t => TryTarget(t, out _)).WithMessage("Follow a member, group, topic, tag, wiki page, blog or resources.");
            RuleFor(s => s.Id).NotEmpty().WithMessage("Say what to stop following.").MaximumLength(50);
        }
    }

    internal sealed class SetHandler(IEngagementStore store, IMessageBus bus, CurrentMember me, TimeProvider clock) : IRequestHandler<Set, View>
    {
        public async Task<View> Handle(Set set, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            TryTarget(set.Target, out var target);
            TryLevel(set.Level, out var level);
            await using var session = store.LightweightSession();
            var (targetId, groupId) = await ResolveAsync(session, bus, me, memberId, target, set.Id!, cancellationToken);
            var follow = new Follow
            {
                Id = Follow.IdFor(memberId, target, targetId),
                MemberId = memberId,
                Target = target,
                TargetId = targetId,
                GroupId = groupId,
                Level = level,
                Chosen = true,
                ChangedAt = clock.GetUtcNow(),
            };
            session.Store(follow); // the member's choice wins over whatever was there
            await session.SaveChangesAsync(cancellationToken);
            return ViewOf(follow);
        }
    }

    internal sealed class UnsetHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<Unset, bool>
    {
        public async Task<bool> Handle(Unset unset, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            TryTarget(unset.Target, out var target);
            var targetId = Normalize(target, unset.Id!) ?? throw ProblemException.Invalid("id", "This is not an id.");
            await using var session = store.LightweightSession();
            var id = Follow.IdFor(memberId, target, targetId);
            if (await session.LoadAsync<Follow>(id, cancellationToken) is null)
            {
                throw ProblemException.NotFound("The follow");
            }

            session.Delete<Follow>(id);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>The normalized target id and, for groups and topics, the group; refuses what the member may not follow.</summary>
    private static async Task<(string TargetId, Guid? GroupId)> ResolveAsync(IQuerySession session, IMessageBus bus, CurrentMember me, Guid memberId, FollowTarget target, string raw,
        CancellationToken cancellationToken)
    {
        var targetId = Normalize(target, raw) ?? throw ProblemException.Invalid("id", "This is not an id.");
        switch (target)
        {
            case FollowTarget.Member:
            {
                var id = Guid.Parse(raw);
                if (id == memberId)
                {
                    throw ProblemException.Invalid("id", "You cannot follow yourself.");
                }

                if (await session.LoadAsync<MemberFacts>(id, cancellationToken) is not { Deleted: false })
                {
                    throw ProblemException.NotFound("The member");
                }

                return (targetId, null);
            }
            case FollowTarget.Group:
            {
                var id = Guid.Parse(raw);
                await RequireGroupAsync(session, bus, me, id, "The group", content: false, cancellationToken);
                return (targetId, id);
            }
            case FollowTarget.Topic:
            {
                var topic = await session.LoadAsync<KnownTopic>(Guid.Parse(raw), cancellationToken) ?? throw ProblemException.NotFound("The topic");
                await RequireGroupAsync(session, bus, me, topic.GroupId, "The topic", content: true, cancellationToken);
                return (targetId, topic.GroupId);
            }
            case FollowTarget.WikiPage:
            {
                var page = await session.LoadAsync<KnownWikiPage>(Guid.Parse(raw), cancellationToken) ?? throw ProblemException.NotFound("The page");
                await RequireGroupAsync(session, bus, me, page.GroupId, "The page", content: true, cancellationToken);
                return (targetId, page.GroupId);
            }
            case FollowTarget.Blog or FollowTarget.Resources:
            {
                var id = Guid.Parse(raw);
                await RequireGroupAsync(session, bus, me, id, target == FollowTarget.Blog ? "The blog" : "The resources", content: true, cancellationToken);
                return (targetId, id);
            }
            default:
                return (targetId, null);
        }
    }

    /// <summary>
    /// The shared rule (docs/adr/0010): a group one may see may be followed; its content (topics, wiki pages, blog,
    /// resources) only by who may read it.
    /// </summary>
    private static async Task RequireGroupAsync(IQuerySession session, IMessageBus bus, CurrentMember me, Guid groupId, string what, bool content,
        CancellationToken cancellationToken)
    {
        GroupViewer viewer;
        try
        {
            viewer = await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken);
        }
        catch (ProblemException unknown) when (unknown.Status == StatusCodes.Status404NotFound)
        {
            throw ProblemException.NotFound(what);
        }

        if (!viewer.CanSee)
        {
            throw ProblemException.NotFound(what); // a secret group does not exist for outsiders
        }

        if (content && !viewer.CanRead)
        {
            // As for a topic that does not exist: a 403 would tell an outsider the members-only topic is there (issue 18).
            throw ProblemException.NotFound(what);
        }
    }

    /// <summary>Ids as <see cref="Follow.TargetId"/> stores them; null when the id is not one.</summary>
    public static string? Normalize(FollowTarget target, string raw)
    {
        if (target == FollowTarget.Tag)
        {
            var tag = Follow.TargetIdFor(raw);
            return tag.Length is > 0 and <= 50 && tag.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.') ? tag : null;
        }

        return Guid.TryParse(raw, out var id) ? Follow.TargetIdFor(id) : null;
    }

    public static bool TryTarget(string? text, out FollowTarget target) =>
        Enum.TryParse(text, ignoreCase: true, out target) && Enum.IsDefined(target) && !int.TryParse(text, out _);

    public static bool TryLevel(string? text, out FollowLevel level) =>
        Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _);

    public static View ViewOf(Follow f) =>
        new(f.Target.ToString().ToLowerInvariant(), f.TargetId, f.Level.ToString().ToLowerInvariant(), f.Chosen, f.GroupId, f.ChangedAt);

    internal sealed record LevelBody(string? Level);

    /// <summary>What can be followed, as the API spells it.</summary>
    internal static readonly string[] Targets = [.. Enum.GetNames<FollowTarget>().Select(t => t.ToLowerInvariant())];

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPut("/api/engagement/follows/{target}/{targetId}", (string target, string targetId, LevelBody body, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new Set(target, targetId, body.Level), cancellationToken))
                .WithSummary("Follow a member, group, topic or tag (target: member, group, topic, tag, wikipage, blog or resources; targetId: its id, the tag, or the group's id for a blog or resources) at a level: watching, tracking, normal or muted; or change the level.")
                .WithAllowedValues("target", Targets)
                .RequireAuthorization(MemberPolicy.Name);
            app.MapDelete("/api/engagement/follows/{target}/{targetId}", async (string target, string targetId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Unset(target, targetId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Stop following a member, group, topic or tag.")
                .WithAllowedValues("target", Targets)
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}

/// <summary>What the signed-in member follows, with the names of the things (a constant number of queries).</summary>
internal static class MyFollows
{
    internal sealed record Query(string? Target) : IRequest<IReadOnlyList<Item>>;

    internal sealed record Item(string Target, string Id, string Level, bool Chosen, string Name, string? Path, DateTimeOffset ChangedAt);

    internal sealed class Handler(IEngagementStore store, CurrentMember me) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async Task<IReadOnlyList<Item>> Handle(Query query, CancellationToken cancellationToken)
        {
            var memberId = me.Id;
            FollowTarget? only = null;
            if (query.Target is not null)
            {
                only = Following.TryTarget(query.Target, out var t) ? t : throw ProblemException.Invalid("target", "Follow a member, group, topic, tag, wiki page, blog or resources.");
            }

            await using var session = store.QuerySession();
            var follows = session.Query<Follow>().Where(f => f.MemberId == memberId);
            if (only is { } target)
            {
                follows = follows.Where(f => f.Target == target);
            }

            var list = (await follows.ToListAsync(cancellationToken)).OrderBy(f => f.Target).ThenByDescending(f => f.ChangedAt).ToList();
            Guid[] Ids(FollowTarget target) => [.. list.Where(f => f.Target == target).Select(f => Guid.ParseExact(f.TargetId, "N"))];
            var people = (await LoadAsync<MemberFacts>(session, Ids(FollowTarget.Member), cancellationToken)).ToDictionary(p => p.Id);
            var groups = (await LoadAsync<GroupFacts>(session, Ids(FollowTarget.Group), cancellationToken)).ToDictionary(g => g.Id);
            var topics = (await LoadAsync<KnownTopic>(session, Ids(FollowTarget.Topic), cancellationToken)).ToDictionary(t => t.Id);
            var pages = (await LoadAsync<KnownWikiPage>(session, Ids(FollowTarget.WikiPage), cancellationToken)).ToDictionary(p => p.Id);
            var contentGroups = (await LoadAsync<GroupFacts>(session, [.. Ids(FollowTarget.Blog), .. Ids(FollowTarget.Resources)], cancellationToken))
                .DistinctBy(g => g.Id).ToDictionary(g => g.Id);
            return list.Select(f =>
            {
                var id = f.Target == FollowTarget.Tag ? Guid.Empty : Guid.ParseExact(f.TargetId, "N");
                var (name, path) = f.Target switch
                {
                    FollowTarget.Member => (people.GetValueOrDefault(id)?.DisplayName ?? MemberNames.FormerMember, $"/members/{id}"),
                    FollowTarget.Group => groups.GetValueOrDefault(id) is { } g ? (g.Name, $"/groups/{g.Slug}") : ("A group", null),
                    FollowTarget.Topic => topics.GetValueOrDefault(id) is { } t ? (t.Title, t.Path) : ("A topic", null),
                    FollowTarget.WikiPage => pages.GetValueOrDefault(id) is { } p ? (p.Title, p.Path) : ("A wiki page", null),
                    FollowTarget.Blog => contentGroups.GetValueOrDefault(id) is { } b ? ($"The blog of {b.Name}", $"/groups/{b.Slug}/blog") : ("A blog", null),
                    FollowTarget.Resources => contentGroups.GetValueOrDefault(id) is { } r
                        ? ($"The resources of {r.Name}", $"/groups/{r.Slug}/resources") : ("A resource directory", null),
                    _ => ($"#{f.TargetId}", (string?)null),
                };
                var view = Following.ViewOf(f);
                return new Item(view.Target, view.Id, view.Level, f.Chosen, name, path, f.ChangedAt);
            }).ToList();
        }

        private static async Task<IReadOnlyList<T>> LoadAsync<T>(IQuerySession session, Guid[] ids, CancellationToken cancellationToken) where T : notnull =>
            ids.Length == 0 ? [] : await session.LoadManyAsync<T>(cancellationToken, ids);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/follows", async (string? target, string? cursor, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                    CursorPage.Of(await mediator.Send(new Query(target), cancellationToken), cursor, limit))
                .WithSummary("What I follow (target=member, group, topic or tag to narrow), with names and links.")
                .WithAllowedValues("target", Following.Targets)
                .RequireAuthorization(MemberPolicy.Name);
    }
}
