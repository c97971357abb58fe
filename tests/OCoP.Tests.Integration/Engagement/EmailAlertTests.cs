using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement.Email;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// Immediate e-mail alerts driven by notifications, read from the real SMTP server: preferences per kind, never means
/// never, nothing twice, and RFC 8058 one-click unsubscribe with a signed, expiring link.
/// </summary>
public sealed partial class EmailAlertTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_reply_mentioning_a_member_emails_them_at_once_with_the_link_and_one_click_unsubscribe_headers()
    {
        var sponsor = await app.RegisterConfirmedAsync("Alert Sponsor");
        var nadia = await app.RegisterConfirmedAsync("Nadia Alerted");
        var omar = await app.RegisterConfirmedAsync("Omar Mentioner");
        var group = await sponsor.CreateForumAsync();
        await nadia.JoinForumAsync(group);
        await omar.JoinForumAsync(group);
        await nadia.WaitForEmailKnownAsync();
        var topic = await nadia.StartTopicNumberAsync(group, "Warm-up questions that work", "Share yours.");

        var reply = await (await omar.ReplyAsync(group, topic, "Over to you, @nadia_alerted: what did your class think?")).JsonAsync();

        var mail = await app.Smtp.WaitForMessageAsync(nadia.Email, "mentioned you", TimeSpan.FromSeconds(30));
        mail.Subject!.ShouldContain("Omar Mentioner");
        mail.Subject!.ShouldContain("Warm-up questions that work");
        mail.Headers["List-Unsubscribe"].ShouldStartWith("<http://localhost/api/engagement/unsubscribe?token=");
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        mail.TextBody!.ShouldContain("http://localhost/settings/email");
        mail.TextBody!.ShouldContain($"http://localhost/groups/");
        mail.TextBody!.ShouldContain($"/posts/{reply.GetProperty("number").GetInt32()}");
        mail.HtmlBody!.ShouldContain("href=\"http://localhost/settings/email\"");
    }

    [Fact]
    public async Task A_mention_wanted_immediately_is_emailed_once_with_unsubscribe_headers_even_when_delivered_again()
    {
        var member = await app.RegisterConfirmedAsync("Once Only");
        await member.WaitForEmailKnownAsync();
        await app.WriteNotificationsAsync(app.Draft(member, NotificationKind.Mentioned, "Exit tickets, again", actor: "Bea"));

        var mail = await app.Smtp.WaitForMessageAsync(member.Email, "mentioned you");
        mail.Subject.ShouldBe("[OCoP] Bea mentioned you in \"Exit tickets, again\"");
        mail.Headers["List-Unsubscribe"].ShouldStartWith("<http://localhost/api/engagement/unsubscribe?token=");
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
        mail.HtmlBody!.ShouldContain("href=\"http://localhost/groups/g/topics/1/posts/2\"");
        mail.TextBody!.ShouldContain("http://localhost/settings/email");
        mail.TextBody!.ShouldContain("An excerpt about Exit tickets, again");
        mail.TextBody!.ShouldContain("http://localhost/groups/g/topics/1/posts/2");
        var record = await app.WaitForOutgoingAsync(member.Id, e => e.Status == OutgoingEmailStatus.Sent);

        // The same notifications announced again, and the same send asked for again: nothing more is sent.
        var notificationId = Guid.Parse(record.Id.Split('/')[1]);
        await app.WorkDoneAsync(async () =>
        {
            await InvokeAsync(new EmailAlertsHandler.NotificationsWritten([notificationId]));
            await InvokeAsync(new EmailDeliveryHandler.DeliverEmail(record.Id));
        });
        // A record "Sending" under a live lease (another host is sending it) is not sent again by a redelivery; once the
        // lease has expired the stuck-e-mail sweep sends it again (Engagement/StuckEmailTests.cs, docs/adr/0026).
        await app.WriteNotificationsAsync(app.Draft(member, NotificationKind.Quoted, "Crash course", actor: "Cal"));
        var quoted = await app.WaitForOutgoingAsync(member.Id, e => e.Purpose == nameof(NotificationKind.Quoted) && e.Status == OutgoingEmailStatus.Sent);
        await SetStatusAsync(quoted.Id, OutgoingEmailStatus.Sending);
        await app.WorkDoneAsync(() => InvokeAsync(new EmailDeliveryHandler.DeliverEmail(quoted.Id)));

        // Every message the repeated requests caused has been handled: what was going to be sent has been.
        app.MessagesWith(member, "mentioned you").Count.ShouldBe(1);
        app.MessagesWith(member, "quoted you").Count.ShouldBe(1);
        (await app.OutgoingEmailsAsync(member.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_kind_set_to_never_is_not_emailed_and_one_left_immediate_still_is()
    {
        var member = await app.RegisterConfirmedAsync("Never Mentioned");
        await member.WaitForEmailKnownAsync();
        (await member.SetPreferencesAsync(new { kinds = new Dictionary<string, string> { ["Mentioned"] = "Never" } })).EnsureSuccessStatusCode();
        (await member.PreferencesAsync()).GetProperty("kinds").GetProperty("Mentioned").GetString().ShouldBe("Never");

        await app.WriteNotificationsAsync(app.Draft(member, NotificationKind.Mentioned, "Quiet please"));
        await app.WriteNotificationsAsync(app.Draft(member, NotificationKind.PrivateMessage, "A word in private", key: "conversation:1", group: null));

        // The later alert arrives; the earlier one, set to never, did not and will not.
        await app.Smtp.WaitForMessageAsync(member.Email, "sent you a message");
        app.MessagesWith(member, "mentioned you").ShouldBeEmpty();
        (await app.OutgoingEmailsAsync(member.Id)).Select(e => e.Purpose).ShouldBe([nameof(NotificationKind.PrivateMessage)]);
    }

    [Fact]
    public async Task One_click_unsubscribe_POST_sets_that_kind_to_never_and_a_tampered_or_expired_link_changes_nothing()
    {
        var member = await app.RegisterConfirmedAsync("Unsubscriber");
        await member.WaitForEmailKnownAsync();
        await app.WriteNotificationsAsync(app.Draft(member, NotificationKind.AnswerAccepted, "Which rubric?"));
        var mail = await app.Smtp.WaitForMessageAsync(member.Email, "Your answer was accepted");
        var link = mail.UnsubscribeLink();
        link.ShouldStartWith("/api/engagement/unsubscribe?token=");
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        // Tampered: one character of the token changed.
        var token = link[(link.IndexOf('=') + 1)..];
        var tampered = link[..(link.IndexOf('=') + 1)] + Tamper(Uri.UnescapeDataString(token));
        (await (await anonymous.OneClickAsync(tampered)).ProblemAsync(400)).ErrorFields().ShouldBe(["token"]);
        // No form body: not a one-click request.
        await (await anonymous.PostAsync(link, null)).ProblemAsync(400);
        // Expired: 61 days later the link no longer works.
        app.Clock.Advance(TimeSpan.FromDays(61));
        try
        {
            await (await anonymous.OneClickAsync(link)).ProblemAsync(410);
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromDays(-61));
        }

        // A GET (mail clients, link checkers) only shows the confirmation page.
        var get = await anonymous.GetAsync(link);
        get.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await anonymous.GetStringAsync(get.Headers.Location!.ToString());
        page.ShouldContain("Stop receiving e-mails about your answers being accepted?");
        page.ShouldContain("<button type=\"submit\">Unsubscribe</button>");
        (await member.PreferencesAsync()).GetProperty("kinds").GetProperty("AnswerAccepted").GetString().ShouldBe("Immediately");

        var done = await anonymous.OneClickAsync(link);
        done.StatusCode.ShouldBe(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        var kinds = (await member.PreferencesAsync()).GetProperty("kinds");
        kinds.GetProperty("AnswerAccepted").GetString().ShouldBe("Never");
        kinds.GetProperty("Mentioned").GetString().ShouldBe("Immediately");
        // Idempotent: the same click again is fine.
        (await anonymous.OneClickAsync(link)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_unsubscribe_page_stops_every_email_only_when_its_button_is_pressed_and_explains_a_bad_link()
    {
        var member = await app.RegisterConfirmedAsync("Page Unsubscriber");
        var link = new Uri(app.Services.GetRequiredService<UnsubscribeLinks>().For(member.Id, UnsubscribeScope.All));
        var page = $"/email/unsubscribe{link.Query}";
        var browser = app.CreateSession();

        var html = await browser.GetStringAsync(page);
        html.ShouldContain("Stop receiving every e-mail alert and digest?");
        (await member.PreferencesAsync()).GetProperty("kinds").GetProperty("Mentioned").GetString().ShouldBe("Immediately");

        var bad = await browser.GetStringAsync("/email/unsubscribe?token=not-a-token");
        bad.ShouldContain("This unsubscribe link is not valid");
        bad.ShouldNotContain("<button type=\"submit\">Unsubscribe</button>");

        var antiforgery = AntiforgeryField().Match(html).Groups[1].Value;
        var token = Uri.UnescapeDataString(link.Query[(link.Query.IndexOf('=') + 1)..]);
        var posted = await browser.PostAsync("/email/unsubscribe", new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgery), new("token", token)]));
        (await posted.Content.ReadAsStringAsync()).ShouldContain("Done: you will no longer receive every e-mail alert and digest.");
        var kinds = (await member.PreferencesAsync()).GetProperty("kinds");
        kinds.EnumerateObject().Select(k => k.Value.GetString()).Distinct().ShouldBe(["Never"]);
    }

    [Fact]
    public async Task Bad_preferences_are_refused_with_field_errors_and_nothing_changes()
    {
        var member = await app.RegisterConfirmedAsync("Picky Chooser");
        var problem = await (await member.SetPreferencesAsync(new
        {
            kinds = new Dictionary<string, string> { ["Mentioned"] = "Hourly", ["Gossip"] = "Never" },
            digestTime = "25:00",
            weeklyDay = "Someday",
        })).ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["digestTime", "kinds", "weeklyDay"]);
        var preferences = await member.PreferencesAsync();
        preferences.GetProperty("kinds").GetProperty("Mentioned").GetString().ShouldBe("Immediately");
        preferences.GetProperty("kinds").GetProperty("WatchedTopicPost").GetString().ShouldBe("DailyDigest");
        preferences.GetProperty("digestTime").GetString().ShouldBe("08:00");
        preferences.GetProperty("weeklyDay").GetString().ShouldBe("Monday");
        await (await app.CreateClient().GetAsync(EmailApi.Preferences)).ProblemAsync(401);
    }

    [Fact]
    public async Task The_preferences_page_shows_every_kind_and_saves_the_form()
    {
        var member = await app.RegisterConfirmedAsync("Page Chooser");
        var html = await member.Session.GetStringAsync("/settings/email");
        html.ShouldContain("name=\"kind-WatchedTopicPost\"");
        html.ShouldContain("<option value=\"DailyDigest\" selected=\"selected\">In the daily digest</option>");
        var antiforgery = AntiforgeryField().Match(html).Groups[1].Value;

        var posted = await member.Session.PostAsync("/settings/email", new FormUrlEncodedContent([
            new("__RequestVerificationToken", antiforgery), new("kind-WatchedTopicPost", "WeeklyDigest"), new("kind-Quoted", "Never"),
            new("digestTime", "18:30"), new("weeklyDay", "Friday"),
        ]));
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        var preferences = await member.PreferencesAsync();
        preferences.GetProperty("kinds").GetProperty("WatchedTopicPost").GetString().ShouldBe("WeeklyDigest");
        preferences.GetProperty("kinds").GetProperty("Quoted").GetString().ShouldBe("Never");
        preferences.GetProperty("digestTime").GetString().ShouldBe("18:30");
        preferences.GetProperty("weeklyDay").GetString().ShouldBe("Friday");
        preferences.GetProperty("nextWeeklyDigestAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);
    }

    private static string Tamper(string token)
    {
        var middle = token.Length / 2;
        var replacement = token[middle] == 'x' ? 'y' : 'x';
        return Uri.EscapeDataString(token[..middle] + replacement + token[(middle + 1)..]);
    }

    private async Task InvokeAsync(object message)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message, TestContext.Current.CancellationToken);
    }

    private async Task SetStatusAsync(string id, OutgoingEmailStatus status)
    {
        await using var session = app.Services.GetRequiredService<OCoP.Modules.Engagement.IEngagementStore>().LightweightSession();
        var email = await session.LoadAsync<OutgoingEmail>(id, TestContext.Current.CancellationToken);
        email!.Status = status;
        email.LeaseUntil = status == OutgoingEmailStatus.Sending ? app.Clock.GetUtcNow() + EmailDeliveryHandler.Lease : null;
        session.Store(email);
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
