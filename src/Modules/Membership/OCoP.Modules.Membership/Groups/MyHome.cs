using Marten;
using MediatR;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Groups;

/// <summary>
/// What the signed-in member's home shows from Membership (issue 19): a first-visit welcome or a welcome back, and the
/// open tasks it knows: orientation items not done yet, requests to join waiting for the groups they facilitate, and a
/// profile to complete. The first call marks the member as welcomed.
/// </summary>
internal static class MyHome
{
    internal sealed record Get : IRequest<View>;

    internal sealed record View(string DisplayName, bool FirstVisit, IReadOnlyList<ToDo> Tasks);

    /// <param name="Text">What to do, in words.</param>
    /// <param name="Path">Where it is done.</param>
    internal sealed record ToDo(string Text, string Path, string? Group);

    internal sealed class Handler(IMembershipStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Get, View>
    {
        public async Task<View> Handle(Get get, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var member = await session.LoadAsync<Member>(me.Id, cancellationToken) ?? throw OCoP.BuildingBlocks.Errors.ProblemException.Unauthorized();
            var firstVisit = member.WelcomedAt is null;
            if (firstVisit)
            {
                member.WelcomedAt = clock.GetUtcNow();
                session.Store(member);
                await session.SaveChangesAsync(cancellationToken);
            }

            var memberships = await session.Query<GroupMembership>()
                .Where(m => m.MemberId == me.Id && m.State == GroupMembershipState.Active).ToListAsync(cancellationToken);
            var groups = (await session.LoadManyAsync<Group>(cancellationToken, memberships.Select(m => m.GroupId).ToArray()))
                .Where(g => g.Status is GroupStatus.Active or GroupStatus.Dormant).ToDictionary(g => g.Id);

            var tasks = new List<ToDo>();
            if (!member.HasCompleteProfile())
            {
                tasks.Add(new ToDo("Complete your profile: say who you are and what you know, so others can find you", "/account/profile", null));
            }

            foreach (var membership in memberships.Where(m => groups.ContainsKey(m.GroupId)).OrderBy(m => groups[m.GroupId].Name, StringComparer.OrdinalIgnoreCase))
            {
                var group = groups[membership.GroupId];
                // Each item links to where it is done (the forum, the events); items ticked only by hand, to the checklist.
                // "Complete your profile" is the one task above, whichever groups also list it.
                tasks.AddRange(group.Orientation.Checklist
                    .Where(item => item.TickedBy() != OrientationAction.CompleteProfile && !membership.OrientationDone.Contains(item.Id))
                    .Select(item => new ToDo(item.Text, item.Link(group.Slug) ?? $"/groups/{group.Slug}/orientation", group.Name)));
            }

            var facilitated = memberships.Where(m => groups.ContainsKey(m.GroupId) && GroupPermissions.Allows(m.Roles, GroupAction.ApproveMembers))
                .Select(m => m.GroupId).ToArray();
            if (facilitated.Length > 0)
            {
                var requests = await session.Query<GroupMembership>()
                    .Where(m => m.GroupId.IsOneOf(facilitated) && m.State == GroupMembershipState.Requested).Select(m => m.GroupId).ToListAsync(cancellationToken);
                foreach (var waiting in requests.GroupBy(id => id))
                {
                    var group = groups[waiting.Key];
                    var count = waiting.Count();
                    tasks.Add(new ToDo(count == 1 ? "Answer 1 request to join" : $"Answer {count} requests to join", $"/groups/{group.Slug}/manage", group.Name));
                }
            }

            return new View(member.DisplayName, firstVisit, tasks);
        }
    }
}
