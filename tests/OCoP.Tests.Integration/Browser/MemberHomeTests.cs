using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>Issue 19, items 1, 2, 3 and 5: the home page, a group's home and the composer, at a phone's width and a desktop's.</summary>
public sealed class MemberHomeTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(BrowserApp.DesktopWidth)]
    [InlineData(BrowserApp.PhoneWidth)]
    public async Task A_new_member_is_greeted_once_then_welcomed_back_with_their_groups_unread_topics_latest_topics_events_and_open_tasks_that_tick_themselves(int width)
    {
        var sponsor = await app.RegisterConfirmedAsync("Hana Host");
        var member = await app.RegisterConfirmedAsync("Milo Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        await sponsor.StartTopicNumberAsync(group, "Planning the first research lesson");
        var groupName = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("name").GetString()!;
        var eventId = Guid.Empty;
        await Eventually.TrueAsync(async () =>
        {
            var scheduled = await sponsor.ScheduleAsync(group, EventsApi.Input("Lesson study kick-off"));
            eventId = scheduled.IsSuccessStatusCode ? (await scheduled.JsonAsync()).GetProperty("eventId").GetGuid() : Guid.Empty;
            return eventId != Guid.Empty;
        }, "the Events module letting the sponsor schedule");
        await Eventually.TrueAsync(async () => (await member.RsvpAsync(eventId, "Going")).IsSuccessStatusCode, "the Events module knowing the member");
        var consoleErrors = new List<string>();

        // Signing in lands on the home page: the first visit greets a newcomer.
        var page = await app.SignedInPageAsync(member, consoleErrors, width);
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Welcome to .+, Milo Member!$") })).ToBeVisibleAsync();
        var groups = page.GetByRole(AriaRole.Region, new() { Name = "Your groups", Exact = true });
        await Expect(groups.GetByRole(AriaRole.Link, new() { Name = groupName, Exact = true })).ToBeVisibleAsync();
        await Expect(groups.GetByRole(AriaRole.Link, new() { Name = $"1 unread topic in {groupName}" })).ToBeVisibleAsync();
        var latest = page.GetByRole(AriaRole.Region, new() { Name = "Latest topics in your groups" });
        await Expect(latest.GetByRole(AriaRole.Link, new() { Name = "Planning the first research lesson" })).ToBeVisibleAsync();
        await Expect(latest.GetByRole(AriaRole.Link, new() { Name = "Hana Host" })).ToHaveAttributeAsync("href", $"/members/{sponsor.Id}");
        await Expect(latest.Locator("time")).ToHaveAttributeAsync("title", new Regex(@"^\d{1,2} \w+ \d{4}, \d\d:\d\d \(UTC\)$"));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Your upcoming events" })
            .GetByRole(AriaRole.Link, new() { Name = "Lesson study kick-off" })).ToBeVisibleAsync();
        var tasks = page.GetByRole(AriaRole.Region, new() { Name = "Waiting for you" });
        await Expect(tasks.GetByRole(AriaRole.Link, new() { Name = "Introduce yourself to the group" })).ToHaveAttributeAsync("href", new Regex("/forum/new$")); // where one introduces oneself
        await Expect(tasks.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Complete your profile") })).ToHaveAttributeAsync("href", "/account/profile");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await ShouldNotScrollSidewaysAsync(page);

        // Later visits welcome back; reading the topic clears its unread count.
        await latest.GetByRole(AriaRole.Link, new() { Name = "Planning the first research lesson" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Planning the first research lesson", Level = 1 })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.GotoAsync("/");
        await Expect(page.GetByText("Welcome back, Milo Member.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Welcome to ") })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Your groups", Exact = true })
            .GetByRole(AriaRole.Link, new() { Name = $"Forum: nothing unread in {groupName}" })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Introducing oneself in the forum ticks the orientation item by itself: it leaves the open tasks.
        await member.StartTopicNumberAsync(group, "Hello from Milo", "I teach biology and I am new to lesson study.");
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.GetByRole(AriaRole.Region, new() { Name = "Waiting for you" })
                .GetByRole(AriaRole.Link, new() { Name = "Introduce yourself to the group" }).CountAsync() == 0;
        }, "the introduction ticking its orientation item");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Waiting for you" })
            .GetByRole(AriaRole.Link, new() { Name = "Read the group's charter" })).ToHaveAttributeAsync("href", new Regex("/charter$"));
        await page.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_visitor_sees_what_the_community_is_and_its_public_groups_and_on_a_phone_a_collapsed_menu()
    {
        var sponsor = await app.RegisterConfirmedAsync("Vera Visible");
        await sponsor.CreateForumAsync();

        var desktop = await app.NewPageAsync();
        await desktop.GotoAsync("/");
        await Expect(desktop.GetByRole(AriaRole.Heading, new() { Name = "What happens here" })).ToBeVisibleAsync();
        await Expect(desktop.GetByRole(AriaRole.Heading, new() { Name = "Groups you can look into" })).ToBeVisibleAsync();
        await Expect(desktop.Locator(".site-menu > summary")).ToBeHiddenAsync();
        await Expect(desktop.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Groups", Exact = true })).ToBeVisibleAsync();
        await desktop.ShouldHaveNoSeriousViolationsAsync();

        var phone = await app.NewPageAsync(BrowserApp.PhoneWidth);
        await phone.GotoAsync("/");
        var nav = phone.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        var groupsLink = nav.GetByRole(AriaRole.Link, new() { Name = "Groups", Exact = true });
        await Expect(groupsLink).ToBeHiddenAsync();
        var menu = phone.Locator(".site-menu > summary");
        await Expect(menu).ToHaveTextAsync(new Regex("^Menu"));
        (await menu.BoundingBoxAsync())!.Height.ShouldBeGreaterThanOrEqualTo(44);
        await menu.ClickAsync();
        await Expect(groupsLink).ToBeVisibleAsync();
        (await groupsLink.BoundingBoxAsync())!.Height.ShouldBeGreaterThanOrEqualTo(44);
        await phone.ShouldHaveNoSeriousViolationsAsync();
        await ShouldNotScrollSidewaysAsync(phone);
    }

    [Theory]
    [InlineData(BrowserApp.DesktopWidth)]
    [InlineData(BrowserApp.PhoneWidth)]
    public async Task A_group_home_shows_its_terms_before_joining_then_its_recent_topics_members_with_avatars_and_cards_and_the_follow_control(int width)
    {
        var sponsor = await app.RegisterConfirmedAsync("Tess Treasurer");
        var visitor = await app.RegisterConfirmedAsync("Ned Newcomer");
        var created = await (await sponsor.Session.PostAsJsonAsync("/api/membership/groups", new
        {
            name = $"Fee circle {Guid.NewGuid():N}"[..22], charter = GroupsApi.Charter(), termMonths = 12, fee = new { amount = 25.0, currency = "EUR" },
        })).JsonAsync();
        var group = created.GetProperty("id").GetGuid();
        var slug = created.GetProperty("slug").GetString()!;
        await sponsor.WaitForViewerAsync(group, v => v.GetProperty("canModerate").GetBoolean());
        await sponsor.StartTopicNumberAsync(group, "Who keeps the minutes?");
        (await sponsor.Session.PutAsJsonAsync("/api/membership/members/me", new
        {
            displayName = sponsor.DisplayName, bio = "Keeps the books.", expertise = new[] { "budgets" }, interests = Array.Empty<string>(),
        })).EnsureSuccessStatusCode();

        var page = await app.SignedInPageAsync(visitor, width: width);
        await page.GotoAsync($"/groups/{slug}");
        await Expect(page.Locator(".membership-terms")).ToContainTextAsync("for 12 months, then renewed; fee 25 EUR");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Join this group" })).ToBeVisibleAsync();
        var topics = page.GetByRole(AriaRole.Region, new() { Name = "Recent topics" });
        await Expect(topics.GetByRole(AriaRole.Link, new() { Name = "Who keeps the minutes?" })).ToBeVisibleAsync();
        var facilitator = page.Locator(".people").First.GetByRole(AriaRole.Link, new() { Name = "Tess Treasurer" });
        await Expect(facilitator).ToHaveAttributeAsync("href", $"/members/{sponsor.Id}");
        var avatar = facilitator.Locator("img.avatar");
        await Expect(avatar).ToHaveAttributeAsync("alt", "");
        (await avatar.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0); // the initials, drawn by the host

        // Focusing a name (or resting the pointer on it) shows a card: the member's role in this group and their expertise.
        await facilitator.FocusAsync();
        var card = page.GetByRole(AriaRole.Tooltip);
        await Expect(card).ToContainTextAsync(new Regex("acilitator.* of Fee circle"));
        await Expect(card).ToContainTextAsync("Knows about budgets.");
        await Expect(facilitator).ToHaveAttributeAsync("aria-describedby", "person-card");
        await ShouldNotScrollSidewaysAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Expect(card).ToHaveCountAsync(0);
        if (width == BrowserApp.DesktopWidth)
        {
            await facilitator.BlurAsync();
            await facilitator.HoverAsync();
            await Expect(card).ToContainTextAsync("Knows about budgets.");
        }
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages of this group" }).GetByRole(AriaRole.Link, new() { Name = "Activity" }))
            .ToHaveAttributeAsync("href", $"/groups/{slug}/activity");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await ShouldNotScrollSidewaysAsync(page);

        // Joining: then the follow control offers the watch levels.
        await page.GetByRole(AriaRole.Button, new() { Name = "Join this group" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Welcome to the group!");
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.GetByLabel("Follow", new() { Exact = true }).Or(page.GetByLabel("Following:")).CountAsync() > 0;
        }, "the follow control once Engagement knows the membership");
        var level = page.GetByLabel("Follow", new() { Exact = true }).Or(page.GetByLabel("Following:"));
        (await level.Locator("option").AllInnerTextsAsync()).ShouldBe(["watching", "tracking", "normal", "muted"]);
        await page.ShouldHaveNoSeriousViolationsAsync();
    }

    [Theory]
    [InlineData(BrowserApp.DesktopWidth)]
    [InlineData(BrowserApp.PhoneWidth)]
    public async Task The_composer_previews_with_the_servers_renderer_completes_mentions_from_the_group_and_restores_a_draft_after_reload(int width)
    {
        var sponsor = await app.RegisterConfirmedAsync("Cora Composer");
        var colleague = await app.RegisterConfirmedAsync("Zeno Zimmerman");
        var group = await sponsor.CreateForumAsync();
        await colleague.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Drafting our lesson plan");
        var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString()!;
        var consoleErrors = new List<string>();

        var page = await app.SignedInPageAsync(sponsor, consoleErrors, width);
        await page.GotoAsync($"/groups/{slug}/topics/{topic}");
        var reply = page.GetByLabel("Your reply");
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Formatting" }).GetByRole(AriaRole.Button, new() { Name = "Bold" }).ClickAsync();
        await Expect(reply).ToHaveValueAsync("**bold**");
        await reply.FillAsync("");
        await reply.PressSequentiallyAsync("Thanks **all**, @zeno");

        // The mention list offers the group's member; Enter inserts the handle.
        var option = page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("Zeno Zimmerman") });
        await Expect(option).ToBeVisibleAsync();
        await reply.PressAsync("Enter");
        await Expect(reply).ToHaveValueAsync("Thanks **all**, @zeno_zimmerman ");

        // The preview is the server's rendering: bold, and the mention as a link to the profile.
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
        await Expect(preview.Locator("strong")).ToHaveTextAsync("all");
        await Expect(preview.GetByRole(AriaRole.Link, new() { Name = "@zeno_zimmerman" })).ToHaveAttributeAsync("href", $"/members/{colleague.Id}");
        await page.ShouldHaveNoSeriousViolationsAsync();

        // The draft survives a reload on this device, then goes once posted.
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Your reply")).ToHaveValueAsync("Thanks **all**, @zeno_zimmerman ");
        await Expect(page.Locator(".composer-status")).ToHaveTextAsync("Your draft is restored from this device.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post the reply" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Your reply is posted.");
        await Expect(page.Locator("#post-2 .post-body strong")).ToHaveTextAsync("all");
        await page.ShouldHaveNoSeriousViolationsAsync();
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Your reply")).ToHaveValueAsync("");
        await page.ShouldHaveNoSeriousViolationsAsync();
        consoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dates_are_written_in_the_members_time_zone_and_changing_it_on_the_profile_applies_at_once()
    {
        var sponsor = await app.RegisterConfirmedAsync("Tomo Timekeeper");
        var member = await app.RegisterConfirmedAsync("Zara Zone");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);
        await sponsor.StartTopicNumberAsync(group, "When do we meet?");

        var page = await app.SignedInPageAsync(member, width: BrowserApp.PhoneWidth);
        var latest = page.GetByRole(AriaRole.Region, new() { Name = "Latest topics in your groups" }).Locator("time").First;
        await Expect(latest).ToHaveAttributeAsync("title", new Regex(@"\(UTC\)$"));
        await page.ShouldHaveNoSeriousViolationsAsync();
        var at = DateTimeOffset.Parse((await latest.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture);

        await page.GotoAuditedAsync("/account/profile");
        await page.GetByLabel("Time zone").FillAsync("Asia/Tokyo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save my profile" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Profile saved.");
        await page.ShouldHaveNoSeriousViolationsAsync();

        // Relative on the page, absolute on hover: now in Tokyo's time, nine hours ahead of UTC.
        await page.GotoAsync("/");
        var tokyo = at.ToOffset(TimeSpan.FromHours(9));
        await Expect(latest).ToHaveAttributeAsync("title", new Regex($@"{tokyo:HH:mm} \(Asia/Tokyo\)$"));
        await Expect(latest).ToHaveTextAsync(new Regex("ago$|^just now$"));
        await page.ShouldHaveNoSeriousViolationsAsync();
    }

    private static async Task ShouldNotScrollSidewaysAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue($"{page.Url} scrolls sideways");
}
