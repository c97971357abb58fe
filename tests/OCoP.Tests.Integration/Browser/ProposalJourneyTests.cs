using System.Globalization;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// Issue 14's topic proposals in a browser: a member proposes (a refused form keeps what they typed), another votes, the
/// organiser schedules an event from the proposal, which names it and is then listed as scheduled; the proposer is told.
/// </summary>
public sealed class ProposalJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_member_proposes_a_topic_another_votes_and_the_organiser_schedules_an_event_from_it()
    {
        var sponsor = await app.RegisterConfirmedAsync("Petra Proposals");
        var group = await sponsor.CreateGroupAsync("Proposal page circle");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var members = await app.MembersOfAsync(group, 2, "Proposal page member");
        await Eventually.TrueAsync(async () => (await sponsor.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode == System.Net.HttpStatusCode.OK,
            "the Events module knowing the new group");
        const string topic = "Talking with parents about careers";

        // A member finds the page from the group's events and proposes; without a topic the form is refused and keeps the rest.
        var proposer = await app.SignedInPageAsync(members[0]);
        await proposer.GotoAuditedAsync($"/groups/{slug}/events");
        await proposer.GetByRole(AriaRole.Link, new() { Name = "Topic proposals" }).ClickAsync();
        await Expect(proposer.GetByRole(AriaRole.Heading, new() { Name = "Topic proposals", Level = 1 })).ToBeVisibleAsync();
        await Expect(proposer.GetByText("No open proposals yet.")).ToBeVisibleAsync();
        await proposer.ShouldHaveNoSeriousViolationsAsync();
        await proposer.GetByLabel("What the session would cover (optional)").FillAsync("How to answer their worries about the job market");
        await proposer.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Expect(proposer.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is a problem");
        await Expect(proposer.GetByLabel("What the session would cover (optional)")).ToHaveValueAsync("How to answer their worries about the job market");
        await Expect(proposer.GetByLabel("Topic", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await proposer.ShouldHaveNoSeriousViolationsAsync();
        await proposer.GetByLabel("Topic", new() { Exact = true }).FillAsync(topic);
        await proposer.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Expect(proposer.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your topic is proposed; your vote counts.");
        var open = proposer.GetByRole(AriaRole.List, new() { Name = "Open proposals" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = topic });
        await Expect(open).ToContainTextAsync("1 vote");
        await Expect(open.GetByRole(AriaRole.Button, new() { Name = "Take back my vote" })).ToBeVisibleAsync();
        await proposer.ShouldHaveNoSeriousViolationsAsync();

        // Another member votes for it.
        var voter = await app.SignedInPageAsync(members[1]);
        await voter.GotoAuditedAsync($"/groups/{slug}/events/proposals");
        var seen = voter.GetByRole(AriaRole.List, new() { Name = "Open proposals" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = topic });
        await Expect(seen).ToContainTextAsync($"1 vote; proposed by {members[0].DisplayName}");
        await Expect(seen.GetByRole(AriaRole.Link, new() { Name = "Schedule" })).ToHaveCountAsync(0);
        await seen.GetByRole(AriaRole.Button, new() { Name = "Vote", Exact = true }).ClickAsync();
        await Expect(voter.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your vote is counted.");
        await Expect(seen).ToContainTextAsync("2 votes");
        await voter.ShouldHaveNoSeriousViolationsAsync();

        // The organiser schedules from it: the form starts with the proposal's title and description.
        var organiser = await app.SignedInPageAsync(sponsor);
        await organiser.GotoAuditedAsync($"/groups/{slug}/events/proposals");
        await organiser.GetByRole(AriaRole.List, new() { Name = "Open proposals" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = topic })
            .GetByRole(AriaRole.Link, new() { Name = "Schedule" }).ClickAsync();
        await Expect(organiser.GetByRole(AriaRole.Heading, new() { Name = "Schedule an event", Level = 1 })).ToBeVisibleAsync();
        await Expect(organiser.GetByLabel("Title")).ToHaveValueAsync(topic);
        await Expect(organiser.GetByLabel("Description (Markdown)")).ToHaveValueAsync("How to answer their worries about the job market");
        await organiser.ShouldHaveNoSeriousViolationsAsync();
        var start = DateTime.UtcNow.AddDays(3);
        await organiser.GetByLabel("Starts").FillAsync(start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await organiser.GetByLabel("Ends").FillAsync(start.AddHours(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await organiser.GetByLabel("Time zone of these times").FillAsync("UTC");
        await organiser.GetByLabel("Online", new() { Exact = true }).CheckAsync();
        await organiser.GetByLabel("Meeting link (for online and hybrid events)").FillAsync("https://meet.example.org/parents");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(organiser.GetByRole(AriaRole.Heading, new() { Name = topic, Level = 1 })).ToBeVisibleAsync();
        await organiser.ShouldHaveNoSeriousViolationsAsync();
        var eventPath = new Uri(organiser.Url).AbsolutePath;

        // The proposal is now listed as scheduled, with a link to its event, and takes no more votes; the proposer is told.
        await proposer.GotoAuditedAsync($"/groups/{slug}/events/proposals");
        await Expect(proposer.GetByText("No open proposals yet.")).ToBeVisibleAsync();
        var scheduled = proposer.GetByRole(AriaRole.List, new() { Name = "Scheduled" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = topic });
        await Expect(scheduled).ToContainTextAsync("scheduled (proposed by");
        await Expect(scheduled.GetByRole(AriaRole.Link, new() { Name = topic })).ToHaveAttributeAsync("href", eventPath);
        await proposer.ShouldHaveNoSeriousViolationsAsync();
        await members[0].WaitForNotificationAsync("sessionTopicScheduled", topic);
    }
}
