using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement.Announcements;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Modules.Membership.Access;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// Issue 15, item 5: a facilitator or sponsor announces to the group; every other member is notified, e-mailed as their
/// preferences say, and an important one (at most one in 7 days per group) is e-mailed to everyone. Own host: the
/// clock moves.
/// </summary>
public sealed class AnnouncementTests(AnnouncementTests.App app) : IClassFixture<AnnouncementTests.App>
{
    public sealed class App : OCoPApp;

    private static string Announcements(Guid group) => $"/api/engagement/groups/{group}/announcements";

    private static object Announcement(string title, bool important = false) =>
        new { title, body = $"**{title}**: see the [agenda](https://example.org/agenda).", important };

    [Fact]
    public async Task Members_are_notified_and_emailed_as_they_chose_and_an_important_one_reaches_everyone_once_a_week()
    {
        var sponsor = await app.RegisterConfirmedAsync("Announcing Sponsor");
        var ann = await app.RegisterConfirmedAsync("Ann Listening");
        var bob = await app.RegisterConfirmedAsync("Bob Quiet");
        var group = await sponsor.CreateForumAsync();
        foreach (var member in new[] { ann, bob })
        {
            await member.JoinForumAsync(group);
            await member.WaitForEmailKnownAsync();
            await WaitForEngagementMemberAsync(group, member);
        }

        // Bob turned announcement e-mails off.
        (await bob.SetPreferencesAsync(new { kinds = new Dictionary<string, string> { ["Announcement"] = "Never" } })).EnsureSuccessStatusCode();

        var created = await sponsor.Session.PostAsJsonAsync(Announcements(group), Announcement("Room change on Thursday"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        created.Headers.Location!.ToString().ShouldStartWith($"/api/engagement/groups/{group}/announcements/");
        var normal = await created.JsonAsync();
        normal.GetProperty("important").GetBoolean().ShouldBeFalse();
        normal.GetProperty("html").GetString()!.ShouldContain("<strong>Room change on Thursday</strong>");
        normal.GetProperty("authorName").GetString().ShouldBe("Announcing Sponsor");
        var normalId = normal.GetProperty("id").GetGuid();

        // Every other member is notified; the author is not.
        foreach (var member in new[] { ann, bob })
        {
            var notification = await member.WaitForNotificationAsync("announcement", "Room change on Thursday");
            notification.GetProperty("path").GetString()!.ShouldEndWith($"/announcements#announcement-{normalId:N}");
        }

        (await sponsor.KindsAboutAsync("Room change on Thursday")).ShouldBeEmpty();
        // It is in the group's activity stream too.
        await Eventually.TrueAsync(async () => (await ann.Session.ItemsAsync($"/api/engagement/groups/{group}/activity"))
            .Any(i => i.GetProperty("verb").GetString() == "announced" && i.GetProperty("title").GetString() == "Room change on Thursday"),
            "the announcement in the group's stream");

        // Ann kept e-mail alerts: she gets it. Bob turned them off: nothing for him (checked after his important e-mail, below).
        var mail = await app.Smtp.WaitForMessageAsync(ann.Email, "Room change on Thursday", TimeSpan.FromSeconds(30));
        mail.Subject!.ShouldContain("Announcement from Announcing Sponsor");
        mail.TextBody!.ShouldContain($"/announcements#announcement-{normalId:N}");

        // An important one reaches both, Bob's preference notwithstanding.
        var important = await sponsor.Session.PostAsJsonAsync(Announcements(group), Announcement("Group meeting moved", important: true));
        important.StatusCode.ShouldBe(HttpStatusCode.Created, await important.Content.ReadAsStringAsync());
        var importantId = (await important.JsonAsync()).GetProperty("id").GetGuid();
        foreach (var member in new[] { ann, bob })
        {
            (await app.Smtp.WaitForMessageAsync(member.Email, "Group meeting moved", TimeSpan.FromSeconds(30))).Subject!.ShouldContain("Important announcement");
        }

        app.MessagesWith(bob, "Room change on Thursday").ShouldBeEmpty();
        (await app.OutgoingEmailsAsync(bob.Id)).Count.ShouldBe(1);

        // Delivered again (to every handler of it: the fan-out and the group's health): no second notification, no second e-mail.
        await app.WorkDoneAsync(async () =>
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new AnnouncementFanOutHandler.AnnouncementPosted(importantId));
        });
        (await ann.KindsAboutAsync("Group meeting moved")).ShouldBe(["announcement"]);
        (await app.OutgoingEmailsAsync(ann.Id)).Count.ShouldBe(2);
        app.MessagesWith(ann, "Group meeting moved").Count.ShouldBe(1);

        // A second important one within 7 days: 409, and nothing stored; a normal one is still fine.
        var tooSoon = await (await sponsor.Session.PostAsJsonAsync(Announcements(group), Announcement("Another urgent thing", important: true))).ProblemAsync(409);
        tooSoon.GetProperty("detail").GetString()!.ShouldContain("one a week");
        (await sponsor.Session.PostAsJsonAsync(Announcements(group), Announcement("Snacks after the meeting"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromDays(6));
        await (await sponsor.Session.PostAsJsonAsync(Announcements(group), Announcement("Still too soon", important: true))).ProblemAsync(409);

        // Seven days after the first, the next important one is allowed.
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        (await sponsor.Session.PostAsJsonAsync(Announcements(group), Announcement("Next week's important news", important: true)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // Members read the list, newest first; one announcement by its id.
        var titles = (await ann.Session.ItemsAsync(Announcements(group))).Select(a => a.GetProperty("title").GetString()).ToList();
        titles.ShouldBe(["Next week's important news", "Snacks after the meeting", "Group meeting moved", "Room change on Thursday"]);
        (await (await ann.Session.GetAsync($"{Announcements(group)}/{normalId}")).JsonAsync()).GetProperty("title").GetString().ShouldBe("Room change on Thursday");
        await (await ann.Session.GetAsync($"{Announcements(group)}/{Guid.NewGuid()}")).ProblemAsync(404);
    }

    [Fact]
    public async Task Only_facilitators_and_sponsors_announce_an_outsider_never_sees_a_secret_group_and_bad_input_names_its_fields()
    {
        var sponsor = await app.RegisterConfirmedAsync("Gatekeeping Sponsor");
        var member = await app.RegisterConfirmedAsync("Plain Member");
        var outsider = await app.RegisterConfirmedAsync("Nosy Outsider");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        var secret = await sponsor.CreateGroupAsync("Secret announcers", visibility: "Secret");

        (await (await member.Session.PostAsJsonAsync(Announcements(group), Announcement("Not mine to say"))).ProblemAsync(403))
            .GetProperty("detail").GetString()!.ShouldContain("facilitators and sponsors");
        await (await outsider.Session.PostAsJsonAsync(Announcements(secret), Announcement("Hello secret"))).ProblemAsync(404);
        await (await outsider.Session.GetAsync(Announcements(secret))).ProblemAsync(404);

        var bad = await (await sponsor.Session.PostAsJsonAsync(Announcements(group), new { title = " ", body = new string('x', 10_001), important = false }))
            .ProblemAsync(400);
        bad.ErrorFields().ShouldBe(["body", "title"]);
        (await (await sponsor.Session.PostAsJsonAsync(Announcements(group), new { title = new string('t', 151), body = "Fine." })).ProblemAsync(400))
            .ErrorFields().ShouldBe(["title"]);

        // Nothing refused was stored.
        (await member.Session.ItemsAsync(Announcements(group))).ShouldBeEmpty();
        var stored = await app.InStoreAsync(async store =>
        {
            await using var session = store.QuerySession();
            return await session.Query<Announcement>().CountAsync(a => a.GroupId == group || a.GroupId == secret);
        });
        stored.ShouldBe(0);
    }

    /// <summary>Waits until Engagement's replica knows the member in the group (the fan-out reads it).</summary>
    private Task WaitForEngagementMemberAsync(Guid group, TestMember member) =>
        Eventually.TrueAsync(() => app.InStoreAsync(async store =>
        {
            await using var session = store.QuerySession();
            return (await session.LoadAsync<MembershipFacts>(MembershipFacts.IdFor(group, member.Id))) is { Active: true };
        }), $"{member.DisplayName} a member of {group} in Engagement");
}
