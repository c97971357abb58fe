using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Groups;

public sealed partial class GroupTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_group_is_created_through_its_charter_and_its_creator_is_sponsor_and_facilitator()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor");
        var created = await sponsor.Session.PostAsJsonAsync("/api/membership/groups", new
        {
            name = "Career Guidance Practitioners",
            charter = GroupsApi.Charter("Improve how we guide adults back into study."),
            visibility = "MembersOnly",
            joinPolicy = "ByRequest",
            capacity = 40,
            topics = new[] { "Careers", "adult learners" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetGuid();
        body.GetProperty("slug").GetString().ShouldBe("career-guidance-practitioners");

        var group = await sponsor.Session.GroupAsync(id);
        group.GetProperty("visibility").GetString().ShouldBe("MembersOnly");
        group.GetProperty("joinPolicy").GetString().ShouldBe("ByRequest");
        group.GetProperty("charter").GetProperty("purpose").GetString().ShouldBe("Improve how we guide adults back into study.");
        group.GetProperty("topics").EnumerateArray().Select(t => t.GetString()).ShouldBe(["careers", "adult learners"]);
        group.GetProperty("viewer").GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldBe(["Sponsor", "Facilitator"]);
        group.GetProperty("facilitators").EnumerateArray().Select(f => f.GetGuid()).ShouldBe([sponsor.Id]);

        var event_ = await MemberEventsProbe.WaitForAsync<MemberJoinedGroup>(e => e.GroupId == id);
        event_.MemberId.ShouldBe(sponsor.Id);

        // A second group of the same name gets its own address; the group is also reachable by it.
        var again = await (await sponsor.Session.PostAsJsonAsync("/api/membership/groups", new { name = "Career Guidance Practitioners", charter = GroupsApi.Charter() })).JsonAsync();
        again.GetProperty("slug").GetString().ShouldBe("career-guidance-practitioners-2");
        (await sponsor.Session.GetAsync("/api/membership/groups/by-slug/career-guidance-practitioners-2")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_charter_without_purpose_or_audience_is_refused_with_field_errors()
    {
        var sponsor = await app.RegisterConfirmedAsync("Hasty");
        var problem = await (await sponsor.Session.PostAsJsonAsync("/api/membership/groups", new { name = "", charter = new { purpose = "", audience = "" }, capacity = 1 }))
            .ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["capacity", "charter.Audience", "charter.Purpose", "name"]);
    }

    [Fact]
    public async Task Editing_the_charter_keeps_every_version_in_its_history()
    {
        var sponsor = await app.RegisterConfirmedAsync("Editor");
        var group = await sponsor.CreateGroupAsync();
        var edited = await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/charter", new { charter = GroupsApi.Charter("A sharper purpose.") });
        (await edited.JsonAsync()).GetProperty("version").GetInt32().ShouldBe(2);

        var history = await (await app.CreateClient().GetAsync($"/api/membership/groups/{group}/charter/revisions")).JsonAsync();
        history.GetProperty("items").EnumerateArray().Select(r => (r.GetProperty("version").GetInt32(), r.GetProperty("charter").GetProperty("purpose").GetString()))
            .ShouldBe([(2, "A sharper purpose."), (1, "Share what works in inquiry-based science lessons.")]);
        await MemberEventsProbe.WaitForAsync<GroupCharterChanged>(e => e.GroupId == group && e.Version == 2);

        (await sponsor.SettingsAsync(group, visibility: "MembersOnly")).EnsureSuccessStatusCode();
        (await MemberEventsProbe.WaitForAsync<GroupVisibilityChanged>(e => e.GroupId == group)).Visibility.ShouldBe(GroupVisibility.MembersOnly);
    }

    [Fact]
    public async Task Charter_edits_at_the_same_moment_each_succeed_or_answer_409_never_500()
    {
        // Found by ApiFuzzTests (two threads): two edits loaded the same version of the group and both wrote the next one.
        var sponsor = await app.RegisterConfirmedAsync("Simultaneous Editor");
        var group = await sponsor.CreateGroupAsync();
        var edits = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/charter", new { charter = GroupsApi.Charter($"Purpose {i}.") })));

        edits.Select(e => (int)e.StatusCode).ShouldAllBe(status => status == 200 || status == 409);
        var saved = edits.Count(e => e.StatusCode == HttpStatusCode.OK);
        saved.ShouldBeGreaterThan(0);
        foreach (var refused in edits.Where(e => e.StatusCode == HttpStatusCode.Conflict))
        {
            (await refused.ProblemAsync(409)).GetProperty("title").GetString().ShouldBe("Someone changed this at the same moment.");
        }

        // Every edit that answered 200 is a version of its own in the history.
        var history = await (await app.CreateClient().GetAsync($"/api/membership/groups/{group}/charter/revisions")).JsonAsync();
        history.GetProperty("items").GetArrayLength().ShouldBe(1 + saved);
    }

    [Fact]
    public async Task Visibility_public_is_open_to_all_members_only_is_listed_and_secret_exists_only_for_its_members()
    {
        var sponsor = await app.RegisterConfirmedAsync("Keeper");
        var outsider = await app.RegisterConfirmedAsync("Outsider");
        var topic = $"topic{Guid.NewGuid():N}"[..16];
        var open = await sponsor.CreateGroupAsync("Open Circle", topics: [topic]);
        var listed = await sponsor.CreateGroupAsync("Listed Circle", visibility: "MembersOnly", topics: [topic]);
        var secret = await sponsor.CreateGroupAsync("Secret Circle", visibility: "Secret", topics: [topic]);
        var anonymous = app.CreateClient();

        (await anonymous.GetAsync($"/api/membership/groups/{open}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync($"/api/membership/groups/{listed}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await anonymous.GetAsync($"/api/membership/groups/{secret}")).ProblemAsync(404);
        await (await outsider.Session.GetAsync($"/api/membership/groups/{secret}")).ProblemAsync(404);
        await (await outsider.Session.GetAsync($"/api/membership/groups/{secret}/charter/revisions")).ProblemAsync(404);
        (await sponsor.Session.GetAsync($"/api/membership/groups/{secret}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Who belongs to a members-only group is for its members.
        (await outsider.Session.GetAsync($"/api/membership/groups/{open}/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await outsider.Session.GetAsync($"/api/membership/groups/{listed}/members")).ProblemAsync(403);

        async Task<Guid[]> Listed(HttpClient client) => (await (await client.GetAsync($"/api/membership/groups?topic={topic}")).JsonAsync())
            .GetProperty("items").EnumerateArray().Select(g => g.GetProperty("id").GetGuid()).ToArray();

        (await Listed(anonymous)).ShouldBe([listed, open], ignoreOrder: true);
        (await Listed(outsider.Session)).ShouldBe([listed, open], ignoreOrder: true);
        (await Listed(sponsor.Session)).ShouldBe([listed, open, secret], ignoreOrder: true);

        // Joining a secret group without an invitation: it does not exist for you.
        await (await outsider.JoinAsync(secret)).ProblemAsync(404);
    }

    [Fact]
    public async Task An_open_group_takes_members_at_once_and_refuses_joining_twice()
    {
        var sponsor = await app.RegisterConfirmedAsync("Opener");
        var joiner = await app.RegisterConfirmedAsync("Joiner");
        var group = await sponsor.CreateGroupAsync();

        (await (await joiner.JoinAsync(group)).StateAsync()).ShouldBe("Active");
        var joined = await MemberEventsProbe.WaitForAsync<MemberJoinedGroup>(e => e.GroupId == group && e.MemberId == joiner.Id);
        joined.Roles.ShouldBe([GroupRole.Contributor]);
        await (await joiner.JoinAsync(group)).ProblemAsync(409);
        (await joiner.Session.GroupAsync(group)).GetProperty("memberCount").GetInt32().ShouldBe(2);

        (await joiner.Session.PostAsync($"/api/membership/groups/{group}/leave", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await MemberEventsProbe.WaitForAsync<MemberLeftGroup>(e => e.GroupId == group && e.MemberId == joiner.Id);
        (await joiner.Session.GroupAsync(group)).GetProperty("memberCount").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_request_to_join_waits_for_a_facilitator_who_approves_or_declines_with_a_message()
    {
        var sponsor = await app.RegisterConfirmedAsync("Gatekeeper");
        var hopeful = await app.RegisterConfirmedAsync("Hopeful");
        var unlucky = await app.RegisterConfirmedAsync("Unlucky");
        var group = await sponsor.CreateGroupAsync(joinPolicy: "ByRequest");

        (await (await hopeful.JoinAsync(group, message: "I coach new teachers.")).StateAsync()).ShouldBe("Requested");
        (await (await unlucky.JoinAsync(group)).StateAsync()).ShouldBe("Requested");
        await (await hopeful.JoinAsync(group)).ProblemAsync(409);
        (await sponsor.MemberStatesAsync(group, "Requested")).ShouldBe([hopeful.Id.ToString(), unlucky.Id.ToString()]);
        // A member who is not a facilitator cannot see the requests.
        await (await hopeful.Session.GetAsync($"/api/membership/groups/{group}/members?state=Requested")).ProblemAsync(403);

        (await (await sponsor.DecideAsync(group, hopeful.Id, approve: true, "Welcome!")).StateAsync()).ShouldBe("Active");
        (await (await sponsor.DecideAsync(group, unlucky.Id, approve: false, "We are full of physicists; try the biology group.")).StateAsync())
            .ShouldBe("Declined");

        var declined = await MemberEventsProbe.WaitForAsync<JoinRequestDecided>(e => e.GroupId == group && e.MemberId == unlucky.Id);
        declined.Approved.ShouldBeFalse();
        declined.Message.ShouldBe("We are full of physicists; try the biology group.");
        await MemberEventsProbe.WaitForAsync<MemberJoinedGroup>(e => e.GroupId == group && e.MemberId == hopeful.Id);
        await (await sponsor.DecideAsync(group, unlucky.Id, approve: true)).ProblemAsync(404); // nothing pending any more
    }

    [Fact]
    public async Task An_invitation_only_group_refuses_joins_and_accepts_invitees_and_an_expired_link_is_410()
    {
        var sponsor = await app.RegisterConfirmedAsync("Inviter");
        var invitee = await app.RegisterConfirmedAsync("Invitee");
        var stranger = await app.RegisterConfirmedAsync("Stranger");
        var late = await app.RegisterConfirmedAsync("Late");
        var group = await sponsor.CreateGroupAsync(visibility: "Secret", joinPolicy: "ByInvitation");

        await (await stranger.JoinAsync(group)).ProblemAsync(404);

        // Inviting a member lets them see the secret group before accepting.
        var invited = await (await sponsor.Session.PostAsJsonAsync($"/api/membership/groups/{group}/invitations", new { inviteeId = invitee.Id })).JsonAsync();
        (await invitee.Session.GetAsync($"/api/membership/groups/{group}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await invitee.JoinAsync(group)).ProblemAsync(403); // by invitation only: use the invitation
        var token = invited.GetProperty("link").GetString()!.Split('/')[^1];
        await (await stranger.Session.PostAsJsonAsync($"/api/membership/invitations/{token}/accept", new { })).ProblemAsync(403); // not theirs
        (await (await invitee.Session.PostAsJsonAsync($"/api/membership/invitations/{token}/accept", new { })).StateAsync()).ShouldBe("Active");
        await (await invitee.Session.PostAsJsonAsync($"/api/membership/invitations/{token}/accept", new { })).ProblemAsync(409);

        // An e-mail invitation arrives by e-mail; after it expires the link is gone, with an explanation.
        var address = Members.NewEmail("guest");
        (await sponsor.Session.PostAsJsonAsync($"/api/membership/groups/{group}/invitations", new { email = address, expiresInDays = 2 }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var mail = await app.Smtp.WaitForMessageAsync(address, "You are invited");
        var emailedToken = LinkPattern().Match(mail.TextBody ?? "").Value.Split('/')[^1];
        app.Clock.Advance(TimeSpan.FromDays(3));
        try
        {
            var gone = await (await late.Session.PostAsJsonAsync($"/api/membership/invitations/{emailedToken}/accept", new { })).ProblemAsync(410);
            gone.GetProperty("detail").GetString()!.ShouldContain("expired");
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromDays(3));
        }

        await (await late.Session.PostAsJsonAsync("/api/membership/invitations/ocop_inv_madeup/accept", new { })).ProblemAsync(404);
    }

    [Fact]
    public async Task A_full_group_puts_newcomers_on_a_waiting_list_promoted_in_order_when_a_seat_frees()
    {
        var sponsor = await app.RegisterConfirmedAsync("Host");
        var first = await app.RegisterConfirmedAsync("First");
        var second = await app.RegisterConfirmedAsync("Second");
        var third = await app.RegisterConfirmedAsync("Third");
        var group = await sponsor.CreateGroupAsync(capacity: 2);

        (await (await first.JoinAsync(group)).StateAsync()).ShouldBe("Active");

        // Joining a full group is refused, changing nothing, and says how to wait for a seat.
        var full = await (await second.JoinAsync(group)).ProblemAsync(409);
        full.GetProperty("detail").GetString()!.ShouldContain("waiting list");
        (await second.Session.GroupAsync(group)).GetProperty("viewer").GetProperty("state").ValueKind.ShouldBe(JsonValueKind.Null);

        (await (await second.JoinAsync(group, joinWaitingList: true)).StateAsync()).ShouldBe("WaitingList");
        (await (await third.JoinAsync(group, joinWaitingList: true)).StateAsync()).ShouldBe("WaitingList");
        await (await third.JoinAsync(group, joinWaitingList: true)).ProblemAsync(409);

        (await first.Session.PostAsync($"/api/membership/groups/{group}/leave", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await MemberEventsProbe.WaitForAsync<MemberJoinedGroup>(e => e.GroupId == group && e.MemberId == second.Id);
        (await sponsor.MemberStatesAsync(group, "WaitingList")).ShouldBe([third.Id.ToString()]);
        (await sponsor.Session.GroupAsync(group)).GetProperty("memberCount").GetInt32().ShouldBe(2);

        // Removing a member frees a seat too.
        (await sponsor.Session.PostAsJsonAsync($"/api/membership/groups/{group}/members/{second.Id}/remove", new { reason = "Asked to leave" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await MemberEventsProbe.WaitForAsync<MemberJoinedGroup>(e => e.GroupId == group && e.MemberId == third.Id);
    }

    [Fact]
    public async Task Two_facilitators_approving_the_last_free_seat_at_the_same_moment_seat_exactly_one_member()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor");
        var cofacilitator = await app.RegisterConfirmedAsync("Co-facilitator");
        var group = await sponsor.CreateGroupAsync(capacity: 3);
        await cofacilitator.JoinAsync(group);
        (await sponsor.SetRolesAsync(group, cofacilitator.Id, "Facilitator")).EnsureSuccessStatusCode();
        (await MemberEventsProbe.WaitForAsync<GroupRoleGranted>(e => e.GroupId == group && e.MemberId == cofacilitator.Id)).Role.ShouldBe(GroupRole.Facilitator);
        (await MemberEventsProbe.WaitForAsync<GroupRoleRevoked>(e => e.GroupId == group && e.MemberId == cofacilitator.Id)).Role.ShouldBe(GroupRole.Contributor);
        (await sponsor.SettingsAsync(group, joinPolicy: "ByRequest", capacity: 3)).EnsureSuccessStatusCode();

        var ann = await app.RegisterConfirmedAsync("Ann");
        var bo = await app.RegisterConfirmedAsync("Bo");
        await ann.JoinAsync(group);
        await bo.JoinAsync(group);

        var outcomes = await Task.WhenAll(sponsor.DecideAsync(group, ann.Id, approve: true), cofacilitator.DecideAsync(group, bo.Id, approve: true));
        var states = new List<string>();
        foreach (var outcome in outcomes)
        {
            states.Add(outcome.StatusCode == HttpStatusCode.Conflict ? "Conflict" : await outcome.StateAsync());
        }

        states.Count(s => s == "Active").ShouldBe(1, string.Join(", ", states));
        states.ShouldAllBe(s => s == "Active" || s == "WaitingList" || s == "Conflict");
        var group_ = await sponsor.Session.GroupAsync(group);
        group_.GetProperty("memberCount").GetInt32().ShouldBe(3);
        (await sponsor.MemberStatesAsync(group, "Active")).Length.ShouldBe(3);
    }

    [Fact]
    public async Task Joining_requires_the_current_code_of_conduct_and_a_new_version_asks_members_again()
    {
        var sponsor = await app.RegisterConfirmedAsync("Steward");
        var member = await app.RegisterConfirmedAsync("Newcomer");
        var group = await sponsor.CreateGroupAsync();
        (await (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/code-of-conduct", new { clauses = new[] { "Be kind.", "Share sources." } }))
            .JsonAsync()).GetProperty("version").GetInt32().ShouldBe(1);

        (await (await member.JoinAsync(group)).ProblemAsync(400)).ErrorFields().ShouldBe(["acceptCodeOfConductVersion"]);
        (await (await member.JoinAsync(group, acceptCodeOfConductVersion: 1)).StateAsync()).ShouldBe("Active");
        await MemberEventsProbe.WaitForAsync<CodeOfConductAccepted>(e => e.GroupId == group && e.MemberId == member.Id && e.Version == 1);
        (await member.Session.GroupAsync(group)).GetProperty("viewer").GetProperty("mustAcceptCodeOfConduct").GetBoolean().ShouldBeFalse();

        await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/code-of-conduct", new { clauses = new[] { "Be kind.", "Share sources.", "No selling." } });
        var view = await member.Session.GroupAsync(group);
        view.GetProperty("viewer").GetProperty("mustAcceptCodeOfConduct").GetBoolean().ShouldBeTrue();
        view.GetProperty("codeOfConduct").GetProperty("clauses").GetArrayLength().ShouldBe(3);
        (await sponsor.Session.GroupAsync(group)).GetProperty("viewer").GetProperty("mustAcceptCodeOfConduct").GetBoolean().ShouldBeFalse();

        (await (await member.Session.PostAsJsonAsync($"/api/membership/groups/{group}/code-of-conduct/accept", new { version = 1 })).ProblemAsync(400))
            .ErrorFields().ShouldBe(["version"]);
        (await member.Session.PostAsJsonAsync($"/api/membership/groups/{group}/code-of-conduct/accept", new { version = 2 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await member.Session.GroupAsync(group)).GetProperty("viewer").GetProperty("mustAcceptCodeOfConduct").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_banned_member_cannot_rejoin_and_the_last_sponsor_cannot_leave()
    {
        var sponsor = await app.RegisterConfirmedAsync("Warden");
        var troll = await app.RegisterConfirmedAsync("Troll");
        var group = await sponsor.CreateGroupAsync();
        await troll.JoinAsync(group);
        (await sponsor.Session.PostAsJsonAsync($"/api/membership/groups/{group}/members/{troll.Id}/remove", new { reason = "Clause 1, repeatedly", ban = true }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var removed = await MemberEventsProbe.WaitForAsync<MemberRemovedFromGroup>(e => e.GroupId == group && e.MemberId == troll.Id);
        removed.Banned.ShouldBeTrue();
        removed.Reason.ShouldBe("Clause 1, repeatedly");
        await (await troll.JoinAsync(group)).ProblemAsync(403);

        await (await sponsor.Session.PostAsync($"/api/membership/groups/{group}/leave", null)).ProblemAsync(409);
        await (await sponsor.SetRolesAsync(group, sponsor.Id, "Facilitator")).ProblemAsync(409);
    }

    [Fact]
    public async Task An_archived_group_is_read_only_and_takes_no_new_members()
    {
        var sponsor = await app.RegisterConfirmedAsync("Archivist");
        var late = await app.RegisterConfirmedAsync("Latecomer");
        var group = await sponsor.CreateGroupAsync();
        (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/status", new { status = "Archived" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await MemberEventsProbe.WaitForAsync<GroupStatusChanged>(e => e.GroupId == group && e.Status == GroupStatus.Archived);

        (await app.CreateClient().GetAsync($"/api/membership/groups/{group}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await late.JoinAsync(group)).ProblemAsync(409);
        await (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/charter", new { charter = GroupsApi.Charter("New") })).ProblemAsync(409);

        (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/status", new { status = "Active" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await late.JoinAsync(group)).StateAsync()).ShouldBe("Active");
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();

    [Fact]
    public async Task Inviting_an_address_with_non_ASCII_characters_is_refused_with_a_field_error()
    {
        var sponsor = await app.RegisterConfirmedAsync("Unicode Host");
        var group = await sponsor.CreateGroupAsync("Unicode Circle");
        var problem = await (await sponsor.InviteByEmailAsync(group, "zoë@example.org")).ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["email"]);
        problem.GetProperty("errors").GetProperty("email")[0].GetString()!.ShouldContain("ASCII");
        (await sponsor.InviteByEmailAsync(group, Members.NewEmail("plain"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
    }
}
