using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Email;
using OCoP.Modules.Engagement.Notifications;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>E-mail preferences, notifications written as the notification handlers write them, the clock, and what was e-mailed.</summary>
internal static class EmailApi
{
    public const string Preferences = "/api/engagement/email-preferences";

    public static async Task<JsonElement> PreferencesAsync(this TestMember member) => await (await member.Session.GetAsync(Preferences)).JsonAsync();

    public static Task<HttpResponseMessage> SetPreferencesAsync(this TestMember member, object change) => member.Session.PutAsJsonAsync(Preferences, change);

    /// <summary>
    /// Moves the member to a time zone and waits until this module knows it and the confirmed address. Sent again if a
    /// late registration event put the default zone back meanwhile (the read model applies events as they come).
    /// </summary>
    public static async Task SetTimeZoneAsync(this TestMember member, string zone)
    {
        await member.WaitForEmailKnownAsync();
        for (var attempt = 1; ; attempt++)
        {
            (await member.Session.PutAsJsonAsync("/api/membership/members/me", new { displayName = member.DisplayName, timeZone = zone })).EnsureSuccessStatusCode();
            try
            {
                await Eventually.TrueAsync(async () => (await member.PreferencesAsync()).GetProperty("timeZone").GetString() == zone,
                    $"{member.DisplayName}'s time zone {zone} in Engagement", TimeSpan.FromSeconds(15));
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Waits until this module has the member's confirmed address (from Membership's event).</summary>
    public static Task WaitForEmailKnownAsync(this TestMember member) =>
        Eventually.TrueAsync(async () => (await member.PreferencesAsync()).GetProperty("hasConfirmedEmail").GetBoolean(),
            $"{member.DisplayName}'s confirmed address in Engagement", TimeSpan.FromSeconds(30));

    /// <summary>Moves the clock forward to the next moment that is <paramref name="local"/> in <paramref name="zone"/>.</summary>
    public static void MoveClockToLocal(this OCoPApp app, string zone, TimeOnly local)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var now = app.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, tz).DateTime);
        for (var day = 0; day < 3; day++)
        {
            var wall = today.AddDays(day).ToDateTime(local);
            var at = new DateTimeOffset(wall, tz.GetUtcOffset(wall));
            if (at > now)
            {
                app.Clock.Advance(at - now);
                return;
            }
        }
    }

    /// <summary>Writes notifications exactly as the notification handlers do: NotificationWriter in an outboxed session.</summary>
    public static async Task WriteNotificationsAsync(this OCoPApp app, params NotificationDraft[] drafts)
    {
        using var scope = app.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        await using var session = scope.ServiceProvider.GetRequiredService<OutboxedSessionFactory<IEngagementStore>>().OpenSession(bus);
        await NotificationWriter.WriteAsync(session, bus, drafts, CancellationToken.None);
        await session.SaveChangesAsync();
    }

    public static NotificationDraft Draft(this OCoPApp app, TestMember to, NotificationKind kind, string title, Guid? group = null, string? actor = "Ada",
        string? key = null, string path = "/groups/g/topics/1/posts/2") =>
        new(to.Id, kind, key ?? $"topic:{title}", group, title, path, actor, $"An excerpt about {title}", app.Clock.GetUtcNow());

    public static async Task<List<OutgoingEmail>> OutgoingEmailsAsync(this OCoPApp app, Guid memberId)
    {
        await using var session = app.Services.GetRequiredService<IEngagementStore>().QuerySession();
        return [.. await session.Query<OutgoingEmail>().Where(e => e.MemberId == memberId).ToListAsync()];
    }

    public static async Task<OutgoingEmail> WaitForOutgoingAsync(this OCoPApp app, Guid memberId, Func<OutgoingEmail, bool> condition, TimeSpan? timeout = null)
    {
        OutgoingEmail? found = null;
        await Eventually.TrueAsync(async () => (found = (await app.OutgoingEmailsAsync(memberId)).FirstOrDefault(condition)) is not null,
            "an outgoing e-mail record", timeout);
        return found!;
    }

    public static async Task<DigestSchedule?> ScheduleAsync(this OCoPApp app, Guid memberId, EmailFrequency frequency)
    {
        await using var session = app.Services.GetRequiredService<IEngagementStore>().QuerySession();
        return await session.LoadAsync<DigestSchedule>(DigestSchedule.IdFor(memberId, frequency));
    }

    /// <summary>Waits for the digest schedule that the notifications' handler starts, a moment after they are written.</summary>
    public static async Task<DigestSchedule> WaitForScheduleAsync(this OCoPApp app, Guid memberId, EmailFrequency frequency)
    {
        DigestSchedule? schedule = null;
        await Eventually.TrueAsync(async () => (schedule = await app.ScheduleAsync(memberId, frequency)) is { NextDueAt: not null },
            $"the {frequency} schedule of {memberId}");
        return schedule!;
    }

    public static List<MimeMessage> MessagesWith(this OCoPApp app, TestMember member, string subject) =>
        [.. app.Smtp.Messages(member.Email).Where(m => (m.Subject ?? "").Contains(subject, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The link in the List-Unsubscribe header, made relative to the test server.</summary>
    public static string UnsubscribeLink(this MimeMessage message)
    {
        var header = message.Headers["List-Unsubscribe"];
        header.ShouldNotBeNull();
        var uri = new Uri(header.Trim('<', '>'));
        return uri.PathAndQuery;
    }

    public static Task<HttpResponseMessage> OneClickAsync(this HttpClient client, string link) =>
        client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
}
