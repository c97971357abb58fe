using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OCoP.Modules.Events.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Knowledge;
using Wolverine;

namespace OCoP.Tests.Integration.Health;

/// <summary>
/// Issue 15, item 8: a member's professional-development record (docs/workbench.md), kept from what they really did
/// (attended, led, contributed), the charter's skills and their own entries; for the member alone; CSV and printable.
/// Its own host: it redelivers an event and waits for all the work it causes (<see cref="Eventually.WorkDoneAsync"/>).
/// </summary>
public sealed class DevelopmentRecordTests(DevelopmentRecordTests.App app) : IClassFixture<DevelopmentRecordTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    private static string Record(TestMember member) => $"/api/engagement/members/{member.Id}/development";

    [Fact]
    public async Task The_record_counts_what_the_member_attended_led_and_contributed_once_each_and_lists_the_charters_skills()
    {
        var sponsor = await app.RegisterConfirmedAsync("Record Sponsor");
        var member = await app.RegisterConfirmedAsync("Record Member");
        var group = await sponsor.CreateForumAsync();
        var charter = await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/charter", new
        {
            charter = new
            {
                purpose = "Practise coaching conversations.", audience = "Careers advisers",
                skillsToPractise = "Motivational interviewing; Giving feedback\n- Facilitating case clinics",
            },
        });
        charter.StatusCode.ShouldBe(HttpStatusCode.OK, await charter.Content.ReadAsStringAsync());
        await member.JoinForumAsync(group);

        // Contributions: a topic, a reply accepted as the answer, a wiki page and an edit of it.
        var firstCase = await member.StartTopicNumberAsync(group, "My first case", "A client who wants to change sector.");
        var question = await sponsor.StartTopicNumberAsync(group, "How do you open a session?", "Tell us.", kind: "Question");
        var answer = await member.ReplyNumberAsync(group, question, "With a scaling question.");
        (await sponsor.AcceptAnswerAsync(group, question, answer)).EnsureSuccessStatusCode();
        var page = await member.CreatePageAsync(group, "Scaling questions", "How to ask them.");
        page.StatusCode.ShouldBe(HttpStatusCode.Created, await page.Content.ReadAsStringAsync());
        var slug = (await page.JsonAsync()).GetProperty("slug").GetString()!;
        (await member.SavePageAsync(group, slug, "Scaling questions", "How to ask them, and when.", 1)).EnsureSuccessStatusCode();

        // Attended: one event by self check-in; at another, checked in by the organiser and then out again (a slip).
        var clinic = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Case clinic", start: DateTime.UtcNow.AddMinutes(10), timeZone: "UTC"));
        var slip = await sponsor.ScheduleEventAsync(group, EventsApi.Input("Other clinic", start: DateTime.UtcNow.AddMinutes(10), timeZone: "UTC"));
        var code = (await sponsor.Session.EventAsync(clinic)).GetProperty("checkInCode").GetString()!;
        var checkIn = await member.Session.PostAsJsonAsync($"/api/events/events/{clinic}/check-in", new { code });
        checkIn.StatusCode.ShouldBe(HttpStatusCode.OK, await checkIn.Content.ReadAsStringAsync());
        var checkedInAt = (await checkIn.JsonAsync()).GetProperty("checkedInAt").GetDateTimeOffset();
        var attendance = $"/api/events/events/{slip}/attendance";
        (await sponsor.Session.PutAsJsonAsync(attendance, new { memberIds = new[] { member.Id }, present = true })).EnsureSuccessStatusCode();
        (await sponsor.Session.PutAsJsonAsync(attendance, new { memberIds = new[] { member.Id }, present = false })).EnsureSuccessStatusCode();

        // Led: made a facilitator, the member schedules a session of their own (Events learns the role on its own time).
        await sponsor.SetForumRolesAsync(member, group, "Facilitator");
        await Eventually.TrueAsync(async () =>
                (await member.ScheduleAsync(group, EventsApi.Input("Peer coaching session", timeZone: "UTC"))).StatusCode == HttpStatusCode.Created,
            "the member, now a facilitator, to schedule an event");
        // A topic summary, written by the member (a facilitator now: Discussions learns the role on its own time) and replaced: one topic summarised.
        var summary = $"/api/discussions/groups/{group}/topics/{firstCase}/summary";
        await Eventually.TrueAsync(async () => (await member.Session.PutAsJsonAsync(summary, new { body = "The client chose a sector." })).IsSuccessStatusCode,
            "the member, now a facilitator, to summarise the topic");
        (await member.Session.PutAsJsonAsync(summary, new { body = "The client chose a sector, after two sessions." })).EnsureSuccessStatusCode();

        JsonElement record = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await member.Session.GetAsync(Record(member));
            record = await response.JsonAsync();
            if (!response.IsSuccessStatusCode || record.GetProperty("groups").GetArrayLength() != 1)
            {
                return false;
            }

            var g = record.GetProperty("groups")[0];
            var c = g.GetProperty("contributions");
            return g.GetProperty("sessionsAttended").GetArrayLength() == 1 && g.GetProperty("activitiesLed").GetArrayLength() == 1 &&
                   g.GetProperty("charterSkills").GetArrayLength() == 3 && g.GetProperty("roles").GetArrayLength() == 1 &&
                   c.GetProperty("topics").GetInt32() == 1 && c.GetProperty("replies").GetInt32() == 1 && c.GetProperty("acceptedAnswers").GetInt32() == 1 &&
                   c.GetProperty("wikiPagesCreated").GetInt32() == 1 && c.GetProperty("wikiEdits").GetInt32() == 1 &&
                   c.GetProperty("topicSummaries").GetInt32() == 1 && !SessionTitles(g).Contains("Other clinic");
        }, "the record to show the session, the lead, the role, the contributions and the charter's skills");
        var mine = record.GetProperty("groups")[0];
        SessionTitles(mine).ShouldBe(["Case clinic"]);
        mine.GetProperty("activitiesLed")[0].GetProperty("kind").GetString().ShouldBe("Event");
        mine.GetProperty("activitiesLed")[0].GetProperty("title").GetString().ShouldBe("Peer coaching session");
        mine.GetProperty("roles")[0].GetProperty("role").GetString().ShouldBe("Facilitator");
        mine.GetProperty("roles")[0].GetProperty("held").GetBoolean().ShouldBeTrue();
        mine.GetProperty("charterSkills").EnumerateArray().Select(s => s.GetString()).ShouldBe(["Motivational interviewing", "Giving feedback", "Facilitating case clinics"]);
        mine.GetProperty("contributions").GetProperty("blogPosts").GetInt32().ShouldBe(0);
        record.GetProperty("totals").GetProperty("sessionsAttended").GetInt32().ShouldBe(1);
        record.GetProperty("totals").GetProperty("activitiesLed").GetInt32().ShouldBe(1);
        record.GetProperty("totals").GetProperty("contributions").GetInt32().ShouldBe(6);

        // The sponsor's own record: the group they created (sponsor and facilitator from the start), what they led and wrote.
        var sponsors = await (await sponsor.Session.GetAsync(Record(sponsor))).JsonAsync();
        var theirs = sponsors.GetProperty("groups")[0];
        theirs.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("role").GetString()).ShouldBe(["Facilitator", "Sponsor"]);
        theirs.GetProperty("activitiesLed").GetArrayLength().ShouldBe(2);

        // The check-in delivered again (a redelivery after a crash) counts once.
        await app.WorkDoneAsync(async () =>
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>()
                .PublishAsync(new GroupEventCheckedIn(clinic, group, member.Id, member.Id, checkedInAt, "Case clinic", $"/events/{clinic}"));
        });
        var again = await (await member.Session.GetAsync(Record(member))).JsonAsync();
        SessionTitles(again.GetProperty("groups")[0]).ShouldBe(["Case clinic"]);
        again.GetProperty("totals").GetProperty("sessionsAttended").GetInt32().ShouldBe(1);

        // Only the member: another member, or someone not signed in, finds nothing.
        await (await sponsor.Session.GetAsync(Record(member))).ProblemAsync(404);
        await (await sponsor.Session.GetAsync(Record(member) + ".csv")).ProblemAsync(404);
        await (await app.CreateClient().GetAsync(Record(member))).ProblemAsync(401);
    }

    [Fact]
    public async Task A_proposed_topic_scheduled_as_a_session_and_a_prompt_count_as_led_and_a_cancelled_session_is_marked_and_not_counted()
    {
        var sponsor = await app.RegisterConfirmedAsync("Lead Sponsor");
        var member = await app.RegisterConfirmedAsync("Lead Member");
        var group = await sponsor.CreateForumAsync();
        await member.JoinForumAsync(group);

        var proposal = await member.Session.PostAsJsonAsync($"/api/events/groups/{group}/proposals", new { title = "Reading job adverts", description = "Why it matters" });
        proposal.StatusCode.ShouldBe(HttpStatusCode.Created, await proposal.Content.ReadAsStringAsync());
        var proposalId = (await proposal.JsonAsync()).GetProperty("proposalId").GetGuid();
        var scheduled = await (await sponsor.Session.PostAsJsonAsync($"/api/events/groups/{group}/events",
            new { @event = EventsApi.Input("Reading job adverts", timeZone: "UTC"), proposalId })).JsonAsync();
        var eventId = scheduled.GetProperty("eventId").GetGuid();
        (await sponsor.Session.PostAsJsonAsync($"/api/events/events/{eventId}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await sponsor.SetForumRolesAsync(member, group, "Facilitator");
        (await member.Session.PostAsJsonAsync($"/api/discussions/groups/{group}/prompts",
            new { title = "What did you try this week?", body = "Tell us.", postAt = app.Clock.GetUtcNow().AddHours(2) })).EnsureSuccessStatusCode();

        JsonElement record = default;
        await Eventually.TrueAsync(async () =>
        {
            record = await (await member.Session.GetAsync(Record(member))).JsonAsync();
            var led = record.GetProperty("groups")[0].GetProperty("activitiesLed").EnumerateArray().ToList();
            return led.Count == 2 && led.Any(l => l.GetProperty("kind").GetString() == "SessionTopic" && l.GetProperty("cancelled").GetBoolean()) &&
                   led.Any(l => l.GetProperty("kind").GetString() == "Prompt" && !l.GetProperty("cancelled").GetBoolean());
        }, "the member's record to list the cancelled session of their topic and the prompt");
        record.GetProperty("totals").GetProperty("activitiesLed").GetInt32().ShouldBe(1);
        await Eventually.TrueAsync(async () =>
        {
            var theirs = await (await sponsor.Session.GetAsync(Record(sponsor))).JsonAsync();
            var led = theirs.GetProperty("groups")[0].GetProperty("activitiesLed").EnumerateArray().ToList();
            return led.Count == 1 && led[0].GetProperty("kind").GetString() == "Event" && led[0].GetProperty("cancelled").GetBoolean() &&
                   theirs.GetProperty("totals").GetProperty("activitiesLed").GetInt32() == 0;
        }, "the sponsor's record to list the event they scheduled, cancelled and not counted");

        var csv = await (await member.Session.GetAsync(Record(member) + ".csv")).Content.ReadAsStringAsync();
        csv.ShouldContain(",Reading job adverts,,,cancelled\r\n");
        csv.ShouldContain("led_prompt,");
    }

    [Fact]
    public async Task A_member_adds_and_removes_entries_of_their_own_bad_input_is_refused_by_field_and_the_csv_escapes_text()
    {
        var member = await app.RegisterConfirmedAsync("Entry Member");
        var other = await app.RegisterConfirmedAsync("Entry Other");
        var entries = Record(member) + "/entries";
        var day = app.Clock.GetUtcNow().AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        (await (await member.Session.PostAsJsonAsync(entries, new { })).ProblemAsync(400)).ErrorFields().Order().ShouldBe(["date", "skill"]);
        (await (await member.Session.PostAsJsonAsync(entries, new { skill = "Coaching", date = "2999-01-01" })).ProblemAsync(400)).ErrorFields().ShouldBe(["date"]);
        (await (await member.Session.PostAsJsonAsync(entries, new { skill = "Coaching", date = day, hours = -1 })).ProblemAsync(400)).ErrorFields().ShouldBe(["hours"]);
        (await (await member.Session.PostAsJsonAsync(entries, new { skill = new string('x', 201), date = day })).ProblemAsync(400)).ErrorFields().ShouldBe(["skill"]);
        await (await other.Session.PostAsJsonAsync(entries, new { skill = "Not mine", date = day })).ProblemAsync(404);

        var added = await member.Session.PostAsJsonAsync(entries, new { skill = "Giving feedback", date = day, hours = 1.5, note = "Ran a \"feedback, then question\" round" });
        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var entry = await added.JsonAsync();
        added.Headers.Location!.ToString().ShouldBe($"{entries}/{entry.GetProperty("id").GetGuid()}");
        var formula = await (await member.Session.PostAsJsonAsync(entries, new { skill = "=HYPERLINK(\"x\")", date = day })).JsonAsync();

        var record = await (await member.Session.GetAsync(Record(member))).JsonAsync();
        record.GetProperty("entries").GetArrayLength().ShouldBe(2);
        var skill = record.GetProperty("skills").EnumerateArray().Single(s => s.GetProperty("skill").GetString() == "Giving feedback");
        skill.GetProperty("entries").GetInt32().ShouldBe(1);
        skill.GetProperty("hours").GetDecimal().ShouldBe(1.5m);
        record.GetProperty("totals").GetProperty("ownHours").GetDecimal().ShouldBe(1.5m);

        var csvResponse = await member.Session.GetAsync(Record(member) + ".csv");
        csvResponse.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csvResponse.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("kind,group,date,item,count,hours,note");
        lines.ShouldContain($"own_entry,,{day},Giving feedback,,1.5,\"Ran a \"\"feedback, then question\"\" round\"");
        lines.ShouldContain($"own_entry,,{day},\"'=HYPERLINK(\"\"x\"\")\",,,");

        // Another member cannot remove it (as if it did not exist); the member can, once.
        var one = $"{entries}/{entry.GetProperty("id").GetGuid()}";
        await (await other.Session.DeleteAsync($"{Record(other)}/entries/{entry.GetProperty("id").GetGuid()}")).ProblemAsync(404);
        await (await other.Session.DeleteAsync(one)).ProblemAsync(404);
        (await member.Session.DeleteAsync(one)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await member.Session.DeleteAsync(one)).ProblemAsync(404);
        var left = await (await member.Session.GetAsync(Record(member))).JsonAsync();
        left.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ShouldBe([formula.GetProperty("id").GetGuid()]);
    }

    [Fact]
    public async Task The_page_adds_an_entry_without_javascript_keeps_refused_values_and_prints_without_navigation()
    {
        var member = await app.RegisterConfirmedAsync("Page Member");
        var page = await PageAsync(member.Session, "/me/development");
        page.QuerySelector("h1")!.TextContent.ShouldBe("Your professional-development record");
        page.QuerySelectorAll("a[href='/me/development/print']").ShouldNotBeEmpty();
        page.QuerySelectorAll($"a[href='{Record(member)}.csv']").ShouldNotBeEmpty();

        // Refused: no skill, a day that is not one, hours that are not a number; every value comes back.
        var refused = await HtmlAsync(await SubmitAsync(member.Session, page, ("skill", ""), ("date", "20th of May"), ("hours", "lots"), ("note", "Kept note")));
        refused.QuerySelector("#skill-error")!.TextContent.ShouldNotBeNullOrWhiteSpace();
        refused.QuerySelector("#date-error")!.TextContent.ShouldContain("year-month-day");
        refused.QuerySelector("#hours-error")!.TextContent.ShouldContain("number");
        refused.QuerySelector("#date")!.GetAttribute("value").ShouldBe("20th of May");
        refused.QuerySelector("#hours")!.GetAttribute("value").ShouldBe("lots");
        refused.QuerySelector("#note")!.TextContent.ShouldBe("Kept note");
        refused.QuerySelector("#skill")!.GetAttribute("aria-invalid").ShouldBe("true");

        // The API's rule through the page: a day to come is refused beside its field.
        var future = await HtmlAsync(await SubmitAsync(member.Session, refused, ("skill", "Mentoring"), ("date", "2999-01-01"), ("hours", ""), ("note", "")));
        future.QuerySelector("#date-error")!.TextContent.ShouldContain("has come");
        future.QuerySelector("#skill")!.GetAttribute("value").ShouldBe("Mentoring");

        var day = app.Clock.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var saved = await SubmitAsync(member.Session, future, ("skill", "Mentoring"), ("date", day), ("hours", "2"), ("note", "Two new members"));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await PageAsync(member.Session, "/me/development");
        after.QuerySelector(".development-entries tbody td[data-label='Skill']")!.TextContent.ShouldBe("Mentoring");

        // The way there: the member's own profile links to it; another member's view of that profile does not.
        (await PageAsync(member.Session, $"/members/{member.Id}")).QuerySelectorAll("a[href='/me/development']").ShouldNotBeEmpty();
        var other = await app.RegisterConfirmedAsync("Page Visitor");
        (await PageAsync(other.Session, $"/members/{member.Id}")).QuerySelectorAll("a[href='/me/development']").ShouldBeEmpty();

        var print = await PageAsync(member.Session, "/me/development/print");
        print.QuerySelector("header.site-header").ShouldBeNull();
        print.QuerySelector("h1")!.TextContent.ShouldBe("Professional-development record");
        print.Body!.TextContent.ShouldContain("Page Member");
        print.Body!.TextContent.ShouldContain("Two new members");
        (await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/me/development")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_record_is_in_the_members_personal_data_export_and_goes_with_their_account()
    {
        var member = await app.RegisterConfirmedAsync("Record Leaver");
        var group = await member.CreateForumAsync();
        await member.StartTopicNumberAsync(group, "Before I go");
        var note = $"Note {Guid.NewGuid():N}";
        var day = app.Clock.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await member.Session.PostAsJsonAsync(Record(member) + "/entries", new { skill = "Letting go", date = day, note })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Eventually.TrueAsync(async () =>
            (await (await member.Session.GetAsync(Record(member))).JsonAsync()).GetProperty("totals").GetProperty("contributions").GetInt32() == 1,
            "the topic to reach the record");

        var requested = await member.Session.PostAsync("/api/membership/members/me/exports", null);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        var status = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            status = await (await member.Session.GetAsync(requested.Headers.Location!.ToString())).JsonAsync();
            return status.GetProperty("complete").GetBoolean();
        }, "every module's answer to the export", TimeSpan.FromSeconds(60));
        using (var zip = new ZipArchive(await (await member.Session.GetAsync(status.GetProperty("download").GetString())).Content
                   .ReadAsStreamAsync(TestContext.Current.CancellationToken)))
        {
            using var reader = new StreamReader(zip.GetEntry("engagement.json")!.Open());
            var engagement = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
            engagement.ShouldContain(note);
            engagement.ShouldContain("developmentrecord");
        }

        (await CountAsync(member.Id)).ShouldBe(2); // the group's row and the entry
        (await member.Session.PostAsJsonAsync("/api/membership/account/delete", new { password = member.Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Eventually.TrueAsync(async () => await CountAsync(member.Id) == 0, "the deleted member's record and entries to be erased");
    }

    /// <summary>The member's development rows and own entries in Engagement's schema.</summary>
    private async Task<long> CountAsync(Guid memberId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from engagement.mt_doc_developmentrecord where data::text like '%' || @id || '%')
                 + (select count(*) from engagement.mt_doc_developmententry where data::text like '%' || @id || '%')
            """, connection);
        command.Parameters.AddWithValue("id", memberId.ToString());
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static string[] SessionTitles(JsonElement group) =>
        group.GetProperty("sessionsAttended").EnumerateArray().Select(s => s.GetProperty("title").GetString()!).ToArray();

    private static async Task<IDocument> PageAsync(HttpClient session, string path) => await HtmlAsync(await session.GetAsync(path));

    private static async Task<IDocument> HtmlAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>Submits the page's entry form as a browser would: its hidden fields (the antiforgery token) and the fields given.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient session, IDocument page, params (string Name, string Value)[] fields)
    {
        var form = (IHtmlFormElement)page.QuerySelector("form.development-entry-form")!;
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .Concat(fields).ToList();
        values.ShouldContain(f => f.Name == "__RequestVerificationToken");
        return await session.PostAsync("/me/development", new FormUrlEncodedContent(values.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }
}
