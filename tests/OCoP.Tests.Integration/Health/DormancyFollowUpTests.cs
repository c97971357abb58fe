using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Membership.Groups;
using OCoP.Tests.Integration.Chat;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Health;

/// <summary>
/// Issue 15, item 9 (ADR 0074): when a group turns dormant, the dashboard shows its last activity by kind and a restart
/// checklist whose steps are ticked once done after the group went dormant.
/// </summary>
public sealed class DormancyFollowUpTests(DormancyFollowUpTests.App app) : IClassFixture<DormancyFollowUpTests.App>
{
    public sealed class App : OCoPApp;

    private static readonly TimeSpan Quiet = TimeSpan.FromDays(91);

    [Fact]
    public async Task A_dormant_group_shows_its_last_activity_by_kind_and_a_restart_checklist_ticked_as_its_steps_are_taken()
    {
        var sponsor = await app.RegisterConfirmedAsync("Dormant Sponsor");
        var member = await app.RegisterConfirmedAsync("Dormant Member");
        var group = await sponsor.CreateForumAsync();
        var before = app.Clock.GetUtcNow().AddSeconds(-1);
        await member.JoinForumAsync(group);
        var topic = await sponsor.StartTopicNumberAsync(group, "Anyone still here?", "Say hello.");
        await member.ReplyNumberAsync(group, topic, "Hello.");
        await sponsor.ScheduleEventAsync(group, EventsApi.Input("Last clinic", timeZone: "UTC"));
        // (Engagement may not have heard of the join yet: the chat answers 403 until it has.)
        await Eventually.TrueAsync(async () => (await member.Session.ChatPostAsync(group, "Is the clinic still on?")).IsSuccessStatusCode, "a chat message");
        var after = app.Clock.GetUtcNow().AddSeconds(1);
        var url = $"/api/engagement/groups/{group}/health/activity";

        // Still active: the last activity of each kind seen, and no checklist.
        var active = await ReportAsync(sponsor, url, r => Kinds(r).Count(k => k.Value is not null) == 5,
            "topic, reply, new member, event and chat on the dashboard");
        active.GetProperty("status").GetString().ShouldBe("Active");
        active.GetProperty("dormantSince").ValueKind.ShouldBe(JsonValueKind.Null);
        active.GetProperty("restartChecklist").ValueKind.ShouldBe(JsonValueKind.Null);
        var kinds = Kinds(active);
        foreach (var kind in new[] { "Topic", "Reply", "NewMember", "Event", "Chat" })
        {
            kinds[kind]!.Value.ShouldBeInRange(before, after, kind);
        }

        foreach (var kind in new[] { "Knowledge", "Announcement", "Prompt" })
        {
            kinds[kind].HasValue.ShouldBeFalse(kind);
        }

        app.Clock.Advance(Quiet);
        try
        {
            await sponsor.SignInAgainAsync();
            await member.SignInAgainAsync();
            var sweptAt = app.Clock.GetUtcNow().AddSeconds(-1);
            using (var scope = app.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMessageBus>()
                    .InvokeAsync(new DormancyHandler.SweepDormantGroups(90), TestContext.Current.CancellationToken);
            }

            // Dormant: why (the same last activity, three months old) and the checklist, nothing ticked.
            var dormant = await ReportAsync(sponsor, url, r => r.GetProperty("status").GetString() == "Dormant", "Engagement to see the group dormant");
            dormant.GetProperty("dormantSince").GetDateTimeOffset().ShouldBeInRange(sweptAt, app.Clock.GetUtcNow());
            dormant.GetProperty("lastActivityAt").GetDateTimeOffset().ShouldBeInRange(before, after);
            Kinds(dormant).ShouldBe(kinds);
            Checklist(dormant).ShouldBe(new Dictionary<string, bool> { ["Prompt"] = false, ["Event"] = false, ["Announcement"] = false });
            var steps = dormant.GetProperty("restartChecklist").EnumerateArray().ToDictionary(s => s.GetProperty("kind").GetString()!, s => s.GetProperty("path").GetString());
            var slug = (await (await sponsor.Session.GetAsync(DiscussionsApi.Forum(group))).JsonAsync()).GetProperty("slug").GetString();
            steps.ShouldBe(new Dictionary<string, string?>
            {
                ["Prompt"] = $"/groups/{slug}/prompts", ["Event"] = $"/groups/{slug}/events/new", ["Announcement"] = $"/groups/{slug}/announcements",
            });

            // The page says the same: the table of last activity and the checklist with its links, nothing done yet.
            var page = await PageAsync(sponsor, $"/groups/{slug}/health");
            page.QuerySelector("#restart-heading")!.TextContent.ShouldBe("Restart checklist");
            page.QuerySelectorAll("#restart li a").Select(a => $"{a.TextContent} → {a.GetAttribute("href")}")
                .ShouldBe([$"Schedule a discussion prompt → /groups/{slug}/prompts", $"Plan an event → /groups/{slug}/events/new",
                    $"Post an announcement → /groups/{slug}/announcements"]);
            page.QuerySelectorAll("#restart li.done").ShouldBeEmpty();
            page.QuerySelectorAll("#last-activity tbody th").Select(th => th.TextContent).ShouldContain("Topic started");
            page.QuerySelectorAll("#last-activity tbody th").Select(th => th.TextContent).ShouldContain("Chat message");

            // An announcement after the group went dormant ticks its step, and only that one.
            (await sponsor.Session.PostAsJsonAsync($"/api/engagement/groups/{group}/announcements",
                new { title = "We are back", body = "A session next month: who is in?", important = false })).StatusCode.ShouldBe(HttpStatusCode.Created);
            var announced = await ReportAsync(sponsor, url, r => Checklist(r)["Announcement"], "the announcement step to be ticked");
            Checklist(announced).ShouldBe(new Dictionary<string, bool> { ["Prompt"] = false, ["Event"] = false, ["Announcement"] = true });
            Kinds(announced)["Announcement"]!.Value.ShouldBeGreaterThanOrEqualTo(sweptAt);
            page = await PageAsync(sponsor, $"/groups/{slug}/health");
            page.QuerySelectorAll("#restart li.done a").Select(a => a.TextContent).ShouldBe(["Post an announcement"]);

            // Scheduling a prompt (through Discussions' API, by its event) ticks the prompt step.
            (await sponsor.Session.PostAsJsonAsync($"/api/discussions/groups/{group}/prompts",
                new { title = "What would bring you back?", body = "One idea each.", postAt = app.Clock.GetUtcNow().AddDays(1) })).EnsureSuccessStatusCode();
            var prompted = await ReportAsync(sponsor, url, r => Checklist(r)["Prompt"], "the prompt step to be ticked");
            Checklist(prompted).ShouldBe(new Dictionary<string, bool> { ["Prompt"] = true, ["Event"] = false, ["Announcement"] = true });

            // Like the rest of the dashboard: facilitators and sponsors only.
            await (await member.Session.GetAsync(url)).ProblemAsync(403);
        }
        finally
        {
            app.Clock.Advance(-Quiet);
        }
    }

    private static async Task<JsonElement> ReportAsync(TestMember member, string url, Func<JsonElement, bool> condition, string what)
    {
        JsonElement report = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await member.Session.GetAsync(url);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return condition(report);
        }, what);
        return report;
    }

    private static Dictionary<string, DateTimeOffset?> Kinds(JsonElement report) =>
        report.GetProperty("lastActivity").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!,
            k => k.GetProperty("lastAt").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : k.GetProperty("lastAt").GetDateTimeOffset());

    private static Dictionary<string, bool> Checklist(JsonElement report) =>
        report.GetProperty("restartChecklist").ValueKind == JsonValueKind.Null
            ? []
            : report.GetProperty("restartChecklist").EnumerateArray().ToDictionary(s => s.GetProperty("kind").GetString()!, s => s.GetProperty("done").GetBoolean());

    private static async Task<AngleSharp.Dom.IDocument> PageAsync(TestMember member, string path)
    {
        var response = await member.Session.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }
}
