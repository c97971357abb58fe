using System.Net;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// Membership answers a join or a removal at once, while the forum learns of it by message: a write is confirmed with
/// Membership (docs/adr/0010), so neither a new member nor a removed one ever sees the replica's lag.
/// </summary>
public sealed class ReadYourWritesTests(SharedOCoPApp app)
{
    private const int Pairs = 50;

    [Fact]
    public async Task A_member_whose_join_was_answered_posts_at_once_fifty_times_out_of_fifty()
    {
        var sponsor = await app.RegisterConfirmedAsync("Join Sponsor");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var topic = await sponsor.StartTopicNumberAsync(group, "Introduce yourself");
        var members = await RegisterAsync("Joiner");

        var refused = new List<string>();
        foreach (var member in members)
        {
            await JoinAsync(member, group);
            var reply = await member.ReplyAsync(group, topic, $"Hello, I am {member.DisplayName}.");
            if (reply.StatusCode != HttpStatusCode.Created && reply.StatusCode != HttpStatusCode.OK)
            {
                refused.Add($"{member.DisplayName}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
            }
        }

        refused.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_removed_or_banned_member_is_refused_at_once_fifty_times_out_of_fifty()
    {
        var sponsor = await app.RegisterConfirmedAsync("Remove Sponsor");
        var group = await sponsor.CreateForumAsync(visibility: "MembersOnly");
        var topic = await sponsor.StartTopicNumberAsync(group, "House rules");
        var members = await RegisterAsync("Leaver");
        foreach (var member in members)
        {
            await JoinAsync(member, group);
        }

        // The forum knows them all as members before they are removed: what is tested is the removal's lag, not the join's.
        foreach (var member in members)
        {
            await member.WaitForViewerAsync(group, v => v.GetProperty("isMember").GetBoolean());
        }

        var accepted = new List<string>();
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            (await sponsor.RemoveAsync(group, member.Id, "Clause 1", ban: i % 2 == 0)).EnsureSuccessStatusCode();
            var reply = await member.ReplyAsync(group, topic, "Still here?");
            if (reply.IsSuccessStatusCode)
            {
                accepted.Add(member.DisplayName);
            }
            else
            {
                // A members-only group's content is closed to them again: 403, as for any signed-in non-member.
                reply.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            }
        }

        accepted.ShouldBeEmpty();
    }

    /// <summary>
    /// Joins as a client should: the group document is optimistically locked, and the previous member's post updates its
    /// last activity meanwhile, so a join may answer 409 "reload and try again". What is tested comes after the join.
    /// </summary>
    private static async Task JoinAsync(TestMember member, Guid group)
    {
        for (var attempt = 1; ; attempt++)
        {
            var joined = await member.JoinAsync(group);
            if (joined.IsSuccessStatusCode)
            {
                return;
            }

            var problem = await joined.Content.ReadAsStringAsync();
            (joined.StatusCode == HttpStatusCode.Conflict && problem.Contains("at the same moment") && attempt < 5).ShouldBeTrue(problem);
        }
    }

    private async Task<List<TestMember>> RegisterAsync(string who)
    {
        var members = new List<TestMember>();
        foreach (var batch in Enumerable.Range(1, Pairs).Chunk(10))
        {
            members.AddRange(await Task.WhenAll(batch.Select(i => app.RegisterConfirmedAsync($"{who} {i}"))));
        }

        return members;
    }
}
