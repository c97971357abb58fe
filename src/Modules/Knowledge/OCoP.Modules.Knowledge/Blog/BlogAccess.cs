using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Knowledge.Blog;

/// <summary>Who may do what with a group's blog, through the shared group-access rule (docs/adr/0010): nothing of its own but "drafts are the author's".</summary>
internal static class BlogAccess
{
    /// <summary>A post the viewer may see: published, or their own draft; anything else is the same 404 as a post that does not exist.</summary>
    public static async Task<BlogPost> FindAsync(IQuerySession session, GroupViewer group, Guid postId, CancellationToken cancellationToken)
    {
        var post = await session.LoadAsync<BlogPost>(postId, cancellationToken);
        return post is not null && post.GroupId == group.GroupId && CanSee(group, post) ? post : throw ProblemException.NotFound("The post");
    }

    public static bool CanSee(GroupViewer group, BlogPost post) =>
        group.CanRead && (post.IsPublished || (group.ViewerId is { } viewer && viewer == post.AuthorId));

    /// <summary>The author (while they may still post here) or a moderator changes a post; 403 for the others.</summary>
    public static GroupViewer RequireToEdit(this GroupViewer group, BlogPost post)
    {
        if (group.ViewerId == post.AuthorId)
        {
            return group.RequireToChange(GroupAction.Post);
        }

        group.RequireToChange(GroupAction.Read);
        return group.Can(GroupAction.Moderate) ? group.RequireWritable() : throw ProblemException.Forbidden("Only the post's author or a facilitator changes it.");
    }

    public static bool CanEdit(this GroupViewer group, BlogPost post) =>
        !group.IsReadOnly && (group.ViewerId == post.AuthorId ? group.Can(GroupAction.Post) : group.Can(GroupAction.Moderate));
}
