using OCoP.Modules.Membership.Access;
using System.Text.RegularExpressions;
using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Discussions.Posts;

/// <summary>What every new post goes through: the posting limits, mentions, quotes and rendering.</summary>
internal static partial class Posting
{
    /// <summary>Discourse's default maximum post length; well under the host's request body limit.</summary>
    public const int MaxBodyLength = 32_000;

    /// <summary>@facilitators and friends: the one list, in Membership.Access (<see cref="MemberMentions"/>).</summary>
    public static IReadOnlyDictionary<string, GroupRole> RoleMentions => MemberMentions.RoleMentions;

    /// <summary>
    /// Refuses a post beyond the site's rate (every member) or beyond a new member's first-day allowance in the group.
    /// Facilitators and site administrators are trusted from their first minute.
    /// </summary>
    public static async Task RefuseBeyondLimitsAsync(IQuerySession session, ForumContext context, DiscussionsOptions options, bool isTopic,
        int links, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var me = context.ViewerId!.Value;
        var minuteAgo = now.AddMinutes(-1);
        var recent = await session.Query<Post>()
            .Where(p => p.AuthorId == me && p.CreatedAt > minuteAgo)
            .OrderBy(p => p.CreatedAt).Select(p => p.CreatedAt)
            .Take(options.PostsPerMinute).ToListAsync(cancellationToken);
        if (recent.Count >= options.PostsPerMinute)
        {
            var wait = recent[0].AddMinutes(1) - now;
            throw ProblemException.TooManyRequests("Too many posts",
                $"You can write {options.PostsPerMinute} posts a minute. Try again in {Math.Ceiling(wait.TotalSeconds)} seconds.",
                new RateLimitState("posts", options.PostsPerMinute, TimeSpan.FromMinutes(1), 0, wait));
        }

        var limits = options.NewMembers;
        if (context.Group.JoinedAt is not { } since || context.Can(GroupAction.Moderate) || since + limits.Period <= now)
        {
            return;
        }

        if (links > limits.LinksPerPost)
        {
            throw ProblemException.Invalid("body",
                $"In your first day in the group a post may hold {limits.LinksPerPost} links; this one has {links}.");
        }

        var groupId = context.Group.GroupId;
        var written = await session.Query<Post>()
            .Where(p => p.AuthorId == me && p.GroupId == groupId && p.CreatedAt >= since)
            .Select(p => p.Number).ToListAsync(cancellationToken);
        var (count, allowed, what) = isTopic
            ? (written.Count(n => n == 1), limits.Topics, "topics")
            : (written.Count(n => n > 1), limits.Replies, "replies");
        if (count >= allowed)
        {
            var wait = since + limits.Period - now;
            throw ProblemException.TooManyRequests("New member limit",
                $"In your first day in {context.Group.Name} you can start {limits.Topics} topics and write {limits.Replies} replies. " +
                $"You have written {count} {what}; more in {Math.Ceiling(wait.TotalHours)} hours.",
                new RateLimitState($"new-member-{what}", allowed, limits.Period, 0, wait));
        }
    }

    public static int CountLinks(string html) => LinkTag().Count(html);

    /// <summary>The members a post names, in the group: by @handle, or by role (@facilitators). Never the author.</summary>
    public static Task<Mentioned> ResolveMentionsAsync(IQuerySession session, Guid groupId, Guid authorId, string source,
        CancellationToken cancellationToken) => MemberMentions.ResolveAsync(session, groupId, authorId, source, cancellationToken);

    /// <summary>Renders a post: each resolved @handle becomes a link to the member's profile, then the safe renderer.</summary>
    public static string Render(MarkdownRenderer markdown, string source, Mentioned mentioned) => MemberMentions.Render(markdown, source, mentioned);

    /// <summary>Quotes another post of the topic: the words chosen, or the start of the post, attributed to its author.</summary>
    public static Quote QuoteOf(MarkdownRenderer markdown, Post quoted, string? excerpt)
    {
        if (!quoted.Visible)
        {
            throw ProblemException.Invalid("quote", $"Post {quoted.Number} is not visible and cannot be quoted.");
        }

        var text = string.IsNullOrWhiteSpace(excerpt) ? quoted.Source : excerpt.Trim();
        if (text.Length > 1000)
        {
            text = text[..1000] + "…";
        }

        return new Quote(quoted.Number, quoted.AuthorId, text, markdown.ToSafeHtml(text));
    }

    public static IReadOnlyList<string> CleanTags(IEnumerable<string>? tags) =>
        (tags ?? []).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList();

    [GeneratedRegex("<a\\s", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();
}
