using OCoP.BuildingBlocks.Persistence;
using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Discussions.Forums;

/// <summary>What one may do in a group's forum that not everyone may do.</summary>
internal enum ForumAction
{
    Read,
    Post,
    AcceptAnswers,
    Moderate,
    ManageForum,
}

/// <summary>
/// The forum's part of the group permission matrix (docs/groups.md): readers read, contributors post, domain experts
/// also accept answers, facilitators and sponsors also moderate and manage categories and settings. Site
/// administrators may do everything everywhere.
/// </summary>
internal static class ForumPermissions
{
    public static bool Allows(IEnumerable<GroupRole> roles, ForumAction action) => roles.Any(role => action switch
    {
        ForumAction.Read => true,
        ForumAction.Post => role >= GroupRole.Contributor,
        ForumAction.AcceptAnswers => role >= GroupRole.DomainExpert,
        _ => role >= GroupRole.Facilitator,
    });
}

/// <summary>A group's forum as seen by the current member: who they are there and what they may do.</summary>
internal sealed class ForumContext(ForumGroup group, ForumMember? membership, CurrentMember me)
{
    public ForumGroup Group { get; } = group;
    public ForumMember? Membership { get; } = membership is { Active: true } ? membership : null;
    public bool IsMember => Membership is not null;
    public bool IsSiteAdministrator => me.IsSiteAdministrator;
    public Guid? ViewerId => me.IsAuthenticated ? me.Id : null;

    /// <summary>Secret groups do not exist for outsiders: they get a 404, not a 403.</summary>
    public bool CanSee => Group.Visibility != GroupVisibility.Secret || IsMember || IsSiteAdministrator;

    public bool CanRead => Group.Visibility == GroupVisibility.Public || IsMember || IsSiteAdministrator;

    public bool Can(ForumAction action) =>
        action == ForumAction.Read ? CanRead : IsSiteAdministrator || (IsMember && ForumPermissions.Allows(Membership!.Roles, action));

    public IReadOnlyList<GroupRole> Roles => Membership?.Roles ?? [];

    public ForumContext RequireRead()
    {
        if (!CanSee)
        {
            throw ProblemException.NotFound("The group");
        }

        if (!CanRead)
        {
            throw me.IsAuthenticated
                ? ProblemException.Forbidden($"Only members of {Group.Name} read its forum: join the group first.")
                : ProblemException.Unauthorized();
        }

        return this;
    }

    public ForumContext Require(ForumAction action)
    {
        RequireRead();
        if (action != ForumAction.Read && !me.IsAuthenticated)
        {
            throw ProblemException.Unauthorized();
        }

        if (!Can(action))
        {
            throw ProblemException.Forbidden(action switch
            {
                ForumAction.Post => IsMember
                    ? $"Readers of {Group.Name} do not post; a facilitator can make you a contributor."
                    : $"Join {Group.Name} to post in its forum.",
                ForumAction.AcceptAnswers => "Only the asker, a domain expert or a facilitator accepts an answer.",
                _ => "Only the group's facilitators and sponsors do this.",
            });
        }

        return this;
    }

    /// <summary>Archived and closed groups keep their forum readable and refuse every change.</summary>
    public ForumContext RequireWritable()
    {
        if (Group.IsReadOnly)
        {
            throw ProblemException.Conflict($"{Group.Name} is {Group.Status.ToString().ToLowerInvariant()}: its forum is read-only.");
        }

        return this;
    }
}

internal static class ForumAccess
{
    public static async Task<ForumContext> LoadAsync(IQuerySession session, Guid groupId, CurrentMember me, CancellationToken cancellationToken)
    {
        var group = await session.LoadAsync<ForumGroup>(groupId, cancellationToken);
        if (group is null || group.Slug.Length == 0)
        {
            throw ProblemException.NotFound("The group");
        }

        var membership = me.IsAuthenticated
            ? await session.LoadAsync<ForumMember>(ForumMember.IdFor(groupId, me.Id), cancellationToken)
            : null;
        return new ForumContext(group, membership, me);
    }

    /// <summary>Loads the group locked for this session's transaction: for writes to the group document itself.</summary>
    public static async Task<ForumContext> LoadForUpdateAsync(IDocumentSession session, Guid groupId, CurrentMember me, CancellationToken cancellationToken)
    {
        var group = await RowLocks.LoadForUpdateAsync<ForumGroup>(session, groupId, cancellationToken);
        if (group is null || group.Slug.Length == 0)
        {
            throw ProblemException.NotFound("The group");
        }

        var membership = me.IsAuthenticated
            ? await session.LoadAsync<ForumMember>(ForumMember.IdFor(groupId, me.Id), cancellationToken)
            : null;
        return new ForumContext(group, membership, me);
    }

    public static async Task<ForumContext> LoadBySlugAsync(IQuerySession session, string slug, CurrentMember me, CancellationToken cancellationToken)
    {
        var group = await session.Query<ForumGroup>().FirstOrDefaultAsync(g => g.Slug == slug, cancellationToken)
            ?? throw ProblemException.NotFound("The group");
        return await LoadAsync(session, group.Id, me, cancellationToken);
    }
}
