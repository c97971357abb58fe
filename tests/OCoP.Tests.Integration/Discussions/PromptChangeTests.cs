using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// Cancelling and changing a scheduled prompt through the API (docs/workbench.md): a cancelled prompt posts nothing
/// more, a prompt moved before it starts posts at its new time only, its words change for the weeks to come once it
/// has started, and only its author may change it.
/// </summary>
public sealed class PromptChangeTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_cancelled_prompt_posts_nothing_and_a_moved_one_posts_at_its_new_time_only()
    {
        var sponsor = await app.RegisterConfirmedAsync("Change Sponsor");
        var facilitator = await app.RegisterConfirmedAsync("Change Co-facilitator");
        var member = await app.RegisterConfirmedAsync("Change Member");
        var group = await sponsor.CreateForumAsync();
        await facilitator.JoinForumAsync(group);
        await member.JoinForumAsync(group);
        (await sponsor.SetRolesAsync(group, facilitator.Id, "Facilitator")).EnsureSuccessStatusCode();
        var prompts = $"/api/discussions/groups/{group}/prompts";
        await Eventually.TrueAsync(async () => (await facilitator.Session.GetAsync(prompts)).IsSuccessStatusCode, "the co-facilitator's role to reach the forum");

        var soon = DateTimeOffset.UtcNow.AddSeconds(3);
        var cancelled = await ScheduleAsync(sponsor.Session, prompts, "A question to cancel", soon, weeks: 2);
        var moved = await ScheduleAsync(sponsor.Session, prompts, "A question to move", soon);
        var control = await ScheduleAsync(sponsor.Session, prompts, "A question left alone", soon.AddSeconds(2));

        // A contributor may do neither; a prompt of no group of the caller's is not found; another facilitator may
        // cancel but not change the author's words.
        await (await member.Session.PostAsync($"{prompts}/{cancelled}/cancel", null)).ProblemAsync(403);
        await (await member.Session.PutAsJsonAsync($"{prompts}/{moved}", Body("Not my question", soon))).ProblemAsync(403);
        await (await sponsor.Session.PostAsync($"{prompts}/{Guid.NewGuid()}/cancel", null)).ProblemAsync(404);
        await (await facilitator.Session.PutAsJsonAsync($"{prompts}/{moved}", Body("Words in her name", soon))).ProblemAsync(403);

        // Bad input is a 400 naming the field, and changes nothing.
        var empty = await (await sponsor.Session.PutAsJsonAsync($"{prompts}/{moved}", Body("", soon))).ProblemAsync(400);
        empty.GetProperty("errors").TryGetProperty("title", out _).ShouldBeTrue(empty.ToString());
        var past = await (await sponsor.Session.PutAsJsonAsync($"{prompts}/{moved}", Body("A question to move", DateTimeOffset.UtcNow.AddMinutes(-5))))
            .ProblemAsync(400);
        past.GetProperty("errors").TryGetProperty("postAt", out _).ShouldBeTrue(past.ToString());

        var cancelledView = await (await facilitator.Session.PostAsync($"{prompts}/{cancelled}/cancel", null)).JsonAsync();
        cancelledView.GetProperty("cancelled").GetBoolean().ShouldBeTrue();
        // A second cancel answers the same.
        (await (await sponsor.Session.PostAsync($"{prompts}/{cancelled}/cancel", null)).JsonAsync()).GetProperty("cancelled").GetBoolean().ShouldBeTrue();

        var later = DateTimeOffset.UtcNow.AddHours(1);
        var movedView = await (await sponsor.Session.PutAsJsonAsync($"{prompts}/{moved}", Body("A question moved to later", later, weeks: 2))).JsonAsync();
        movedView.GetProperty("title").GetString().ShouldBe("A question moved to later");
        movedView.GetProperty("firstAt").GetDateTimeOffset().ShouldBe(later, TimeSpan.FromMilliseconds(1));
        movedView.GetProperty("occurrences").GetInt32().ShouldBe(2);

        // The left-alone prompt is posted; every occurrence message due by now has been handled (the cancelled and the
        // moved prompts' old ones too); the moved prompt's two new ones wait for their times.
        await Eventually.TrueAsync(async () => (await ListAsync(sponsor.Session, prompts)).Single(p => p.GetProperty("id").GetGuid() == control)
            .GetProperty("posted").EnumerateObject().Any(), "the prompt left alone to be posted", TimeSpan.FromSeconds(90));
        await Eventually.TrueAsync(async () => await PendingOccurrencesAsync(DateTimeOffset.UtcNow.AddMinutes(10)) == 0,
            "the occurrences due by now to be handled", TimeSpan.FromSeconds(90));
        // The moved prompt's two new occurrences wait for their times (the cancelled one's second week fires a week on, and does nothing).
        (await PendingOccurrencesAsync(later.AddSeconds(1)) - await PendingOccurrencesAsync(later.AddSeconds(-1))).ShouldBe(1);
        (await PendingOccurrencesAsync(later.AddDays(7).AddSeconds(1)) - await PendingOccurrencesAsync(later.AddDays(7).AddSeconds(-1))).ShouldBe(1);

        var titles = (await app.CreateClient().TopicListAsync(group, "?limit=100")).GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("title").GetString()).ToList();
        titles.ShouldContain("A question left alone");
        titles.ShouldNotContain("A question to cancel");
        titles.ShouldNotContain("A question to move");
        titles.ShouldNotContain("A question moved to later");
        var listed = await ListAsync(sponsor.Session, prompts);
        listed.Single(p => p.GetProperty("id").GetGuid() == cancelled).GetProperty("posted").EnumerateObject().ShouldBeEmpty();
        listed.Single(p => p.GetProperty("id").GetGuid() == moved).GetProperty("posted").EnumerateObject().ShouldBeEmpty();

        // Once started, its words change for the weeks to come; its times do not (409), nor does a cancelled one change.
        var startedAt = (await ListAsync(sponsor.Session, prompts)).Single(p => p.GetProperty("id").GetGuid() == control).GetProperty("firstAt")
            .GetDateTimeOffset();
        var reworded = await (await sponsor.Session.PutAsJsonAsync($"{prompts}/{control}", Body("A question, better worded", startedAt))).JsonAsync();
        reworded.GetProperty("title").GetString().ShouldBe("A question, better worded");
        reworded.GetProperty("posted").EnumerateObject().Count().ShouldBe(1);
        await (await sponsor.Session.PutAsJsonAsync($"{prompts}/{control}", Body("A question, better worded", startedAt.AddDays(1)))).ProblemAsync(409);
        await (await sponsor.Session.PutAsJsonAsync($"{prompts}/{cancelled}", Body("A question to cancel", later))).ProblemAsync(409);
    }

    private static object Body(string title, DateTimeOffset postAt, int? weeks = null) =>
        new { title, body = "What did you try this week?", postAt, weeks };

    private static async Task<Guid> ScheduleAsync(HttpClient session, string prompts, string title, DateTimeOffset at, int? weeks = null) =>
        (await (await session.PostAsJsonAsync(prompts, Body(title, at, weeks))).JsonAsync()).GetProperty("id").GetGuid();

    private static async Task<List<JsonElement>> ListAsync(HttpClient session, string prompts) =>
        (await (await session.GetAsync(prompts)).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    /// <summary>Occurrence messages not yet handled that are due before <paramref name="before"/> (scheduled or waiting in the inbox).</summary>
    private async Task<long> PendingOccurrencesAsync(DateTimeOffset before)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """
            select count(*) from wolverine.wolverine_incoming_envelopes
            where message_type like '%PostScheduledPrompt%' and status in ('Scheduled', 'Incoming')
              and (execution_time is null or execution_time < @before)
            """, connection);
        command.Parameters.AddWithValue("before", before);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
