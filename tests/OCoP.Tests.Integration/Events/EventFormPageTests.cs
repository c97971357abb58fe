using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Events;

/// <summary>The pages that schedule, change and cancel events: who may use them, bad input beside its field, and what they do.</summary>
public sealed class EventFormPageTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task Only_those_the_group_rule_lets_manage_events_get_the_schedule_form()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Forms");
        var group = await sponsor.CreateGroupAsync("Form circle");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var members = await app.MembersOfAsync(group, 2, "Form member");
        var (contributor, facilitator) = (members[0], members[1]);
        (await sponsor.SetRolesAsync(group, facilitator.Id, "Facilitator")).IsSuccessStatusCode.ShouldBeTrue();
        var outsider = await app.RegisterConfirmedAsync("Form outsider");
        var anonymous = app.CreateSession();
        var secret = await sponsor.CreateGroupAsync("Form secret", visibility: "Secret");
        var secretSlug = (await sponsor.Session.GroupAsync(secret)).GetProperty("slug").GetString()!;

        (await sponsor.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await facilitator.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode == HttpStatusCode.OK,
            "the facilitator's role reaching the Events module");
        (await contributor.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.Session.GetAsync($"/groups/{slug}/events/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync($"/groups/{slug}/events/new")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await outsider.Session.GetAsync($"/groups/{secretSlug}/events/new")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The group home and the group's calendar link to the form for those who may use it, and only for them.
        (await Html(sponsor.Session, $"/groups/{slug}")).QuerySelector($"a[href='/groups/{slug}/events/new']").ShouldNotBeNull();
        (await Html(contributor.Session, $"/groups/{slug}")).QuerySelector($"a[href='/groups/{slug}/events/new']").ShouldBeNull();
        (await Html(sponsor.Session, $"/groups/{slug}/events")).QuerySelector($"a[href='/groups/{slug}/events/new']").ShouldNotBeNull();
        (await Html(contributor.Session, $"/groups/{slug}/events")).QuerySelector($"a[href='/groups/{slug}/events/new']").ShouldBeNull();
    }

    [Fact]
    public async Task Bad_input_comes_back_beside_its_field_and_schedules_nothing_then_a_weekly_series_is_scheduled()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Series Form");
        var group = await sponsor.CreateGroupAsync("Series form circle");
        var slug = (await sponsor.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var path = $"/groups/{slug}/events/new";
        var start = DateTime.UtcNow.Date.AddDays(9).AddHours(18);
        await Eventually.TrueAsync(async () => (await sponsor.Session.GetAsync(path)).StatusCode == HttpStatusCode.OK, "the Events module knowing the new group");

        var refused = await Submit(sponsor.Session, path, "#main button[type=submit]",
            ("Input.Title", "Case clinic"), ("Input.Start", Local(start)), ("Input.End", Local(start.AddHours(-1))), ("Input.TimeZone", "Mars/Olympus"),
            ("Input.Mode", "Online"), ("Input.MeetingLink", "https://meet.example.org/form"), ("Input.Repeat", "Weekly"), ("Input.Count", "501"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK, await refused.Content.ReadAsStringAsync());
        var page = await new HtmlParser().ParseDocumentAsync(await refused.Content.ReadAsStringAsync());
        page.QuerySelector(".error-summary").ShouldNotBeNull();
        page.QuerySelector("#input-end")!.GetAttribute("aria-invalid").ShouldBe("true");
        page.QuerySelector("#input-timezone")!.GetAttribute("aria-invalid").ShouldBe("true");
        page.QuerySelector("#input-count")!.GetAttribute("aria-invalid").ShouldBe("true");
        page.QuerySelector(".error-summary a[href='#input-end']").ShouldNotBeNull();
        (await sponsor.Session.PageAsync($"/api/events/groups/{group}/events")).ShouldBeEmpty();

        var scheduled = await Submit(sponsor.Session, path, "#main button[type=submit]",
            ("Input.Title", "Weekly case clinic"), ("Input.Description", "Bring a case."), ("Input.Start", Local(start)), ("Input.End", Local(start.AddHours(1))),
            ("Input.TimeZone", "Europe/Berlin"), ("Input.Mode", "Online"), ("Input.MeetingLink", "https://meet.example.org/form"), ("Input.Capacity", "12"),
            ("Input.Repeat", "Weekly"), ("Input.Interval", "1"), ("Input.Count", "4"));
        scheduled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var events = await sponsor.Session.PageAsync($"/api/events/groups/{group}/events");
        events.Count.ShouldBe(4);
        events.ShouldAllBe(e => e.GetProperty("title").GetString() == "Weekly case clinic" && e.GetProperty("capacity").GetInt32() == 12);
        var first = await sponsor.Session.EventAsync(events[0].GetProperty("id").GetGuid());
        first.GetProperty("start").GetDateTime().ShouldBe(start);
        first.GetProperty("timeZone").GetString().ShouldBe("Europe/Berlin");
        scheduled.Headers.Location!.OriginalString.ShouldBe(first.GetProperty("path").GetString());
    }

    [Fact]
    public async Task An_organiser_changes_this_and_the_following_occurrences_and_cancels_one_and_those_going_are_told()
    {
        var sponsor = await app.RegisterConfirmedAsync("Sponsor Change Form");
        var group = await sponsor.CreateGroupAsync("Change form circle");
        var member = (await app.MembersOfAsync(group, 1, "Change form member"))[0];
        var start = DateTime.UtcNow.Date.AddDays(6).AddHours(17);
        var series = await (await sponsor.ScheduleAsync(group, EventsApi.Input("Reading circle", start), new { frequency = "Weekly", interval = 1, count = 3 }))
            .JsonAsync();
        var ids = series.GetProperty("occurrenceIds").EnumerateArray().Select(i => i.GetGuid()).ToList();
        var second = await sponsor.Session.EventAsync(ids[1]);
        var edit = second.GetProperty("path").GetString() + "/edit";

        // A member of the group who is not an organiser is refused the page, and their post changes nothing.
        (await member.Session.GetAsync(edit)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var changed = await Submit(sponsor.Session, edit, "#main button[type=submit]:not(.danger)",
            ("Input.Title", "Reading circle (new room)"), ("Input.Start", Local(start.AddDays(7).AddHours(1))), ("Input.End", Local(start.AddDays(7).AddHours(2))),
            ("Input.TimeZone", "Europe/Berlin"), ("Input.Mode", "Online"), ("Input.MeetingLink", "https://meet.example.org/new"), ("scope", "ThisAndFollowing"));
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await changed.Content.ReadAsStringAsync());
        (await sponsor.Session.EventAsync(ids[0])).GetProperty("title").GetString().ShouldBe("Reading circle");
        foreach (var id in ids.Skip(1))
        {
            var view = await sponsor.Session.EventAsync(id);
            view.GetProperty("title").GetString().ShouldBe("Reading circle (new room)");
            view.GetProperty("start").GetDateTime().Hour.ShouldBe(18);
        }

        (await member.RsvpAsync(ids[2], "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var third = (await sponsor.Session.EventAsync(ids[2])).GetProperty("path").GetString() + "/edit";
        var cancelled = await Submit(sponsor.Session, third, "#main button.danger", ("scope", "ThisOccurrence"));
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await sponsor.Session.EventAsync(ids[2])).GetProperty("cancelled").GetBoolean().ShouldBeTrue();
        (await sponsor.Session.EventAsync(ids[1])).GetProperty("cancelled").GetBoolean().ShouldBeFalse();
        await member.WaitForNotificationAsync("eventCancelled", "Reading circle (new room)");
        await app.Smtp.WaitForMessageAsync(member.Email, "Reading circle (new room)");
    }

    private static string Local(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IDocument> Html(HttpClient session, string path)
    {
        var response = await session.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>Loads the page and posts the form holding <paramref name="selector"/> as a browser would, with its hidden fields and the given ones.</summary>
    private static async Task<HttpResponseMessage> Submit(HttpClient session, string path, string selector, params (string Name, string Value)[] fields)
    {
        var page = await Html(session, path);
        var form = page.QuerySelector(selector)?.Closest("form") as IHtmlFormElement ?? throw new InvalidOperationException($"No form holds {selector} on {path}.");
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .Where(f => fields.All(given => given.Name != f.Name)).Concat(fields).ToList();
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : path;
        return await session.PostAsync(action, new FormUrlEncodedContent(values.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }
}
