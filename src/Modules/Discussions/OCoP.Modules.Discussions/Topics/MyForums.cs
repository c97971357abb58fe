using Marten;
using MediatR;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// What the signed-in member's home shows from the forums (issue 19): each of their groups with its unread topics and,
/// for facilitators, the posts and chat messages waiting for review; and the latest topics across those groups. Read from this module's
/// own documents and its group-access replica only.
/// </summary>
internal static class MyForums
{
    internal sealed record Get(int Latest = 8) : IRequest<View>;

    internal sealed record View(IReadOnlyList<GroupForum> Groups, IReadOnlyList<LatestTopic> Latest);

    internal sealed record GroupForum(string Slug, string Name, int UnreadTopics, int? WaitingForReview);

    internal sealed record LatestTopic(string GroupSlug, string GroupName, int Number, string Title, int Replies, DateTimeOffset LastPostAt,
        Guid LastPosterId, string LastPosterName, bool Unread);

    /// <summary>Topics active in the last weeks count as unread when the member has not read their newest post.</summary>
    private static readonly TimeSpan UnreadWindow = TimeSpan.FromDays(30);

    internal sealed class Handler(IDiscussionsStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Get, View>
    {
        public async Task<View> Handle(Get get, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var memberships = await session.Query<MembershipFacts>().Where(m => m.MemberId == me.Id && m.Active).ToListAsync(cancellationToken);
            if (memberships.Count == 0)
            {
                return new View([], []);
            }

            var groupIds = memberships.Select(m => m.GroupId).ToArray();
            var groups = (await session.LoadManyAsync<GroupFacts>(cancellationToken, groupIds))
                .Where(g => g.IsKnown && g.Status != GroupStatus.Closed).ToDictionary(g => g.Id);
            var since = clock.GetUtcNow() - UnreadWindow;
            var recent = await session.Query<Topic>()
                .Where(t => t.GroupId.IsOneOf(groupIds) && !t.Deleted && t.LastPostAt > since)
                .OrderByDescending(t => t.LastPostAt).Take(500).ToListAsync(cancellationToken);
            var reads = (await session.LoadManyAsync<TopicReadState>(cancellationToken, recent.Select(t => TopicReadState.IdFor(t.Id, me.Id)).ToArray()))
                .ToDictionary(r => r.TopicId, r => r.LastReadPostNumber);
            bool Unread(Topic t) => reads.GetValueOrDefault(t.Id) < t.LastPostNumber;

            var moderated = memberships.Where(m => GroupPermissions.Allows(m.Roles, GroupAction.Moderate)).Select(m => m.GroupId).ToArray();
            var waiting = moderated.Length == 0
                ? new Dictionary<Guid, int>()
                : (await session.Query<Post>().Where(p => p.GroupId.IsOneOf(moderated) && p.InReview).Select(p => p.GroupId).ToListAsync(cancellationToken))
                    .Concat(await session.Query<Moderation.ChatFlagReview>().Where(r => r.GroupId.IsOneOf(moderated) && r.Pending).Select(r => r.GroupId)
                        .ToListAsync(cancellationToken))
                    .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());

            var forums = groups.Values.OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
                .Select(g => new GroupForum(g.Slug, g.Name, recent.Count(t => t.GroupId == g.Id && Unread(t)),
                    moderated.Contains(g.Id) ? waiting.GetValueOrDefault(g.Id) : null))
                .ToList();
            var latest = recent.Where(t => groups.ContainsKey(t.GroupId)).Take(get.Latest).ToList();
            var names = (await session.LoadManyAsync<MemberFacts>(cancellationToken, latest.Select(t => t.LastPosterId).Distinct().ToArray()))
                .ToDictionary(m => m.Id, m => m.Deleted ? MemberNames.FormerMember : m.DisplayName);
            return new View(forums, latest.Select(t => new LatestTopic(groups[t.GroupId].Slug, groups[t.GroupId].Name, t.Number, t.Title, t.ReplyCount,
                t.LastPostAt, t.LastPosterId, names.GetValueOrDefault(t.LastPosterId) ?? MemberNames.FormerMember, Unread(t))).ToList());
        }
    }
}
