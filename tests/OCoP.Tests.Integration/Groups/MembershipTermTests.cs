using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Groups;

/// <summary>Membership terms with a controlled clock: reminder, lapse, renewal, and the durable schedule behind them.</summary>
public sealed class MembershipTermTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task Joining_a_group_with_a_term_sets_an_expiry_and_schedules_the_reminder_and_the_lapse_durably()
    {
        var (group, _, member) = await GroupWithTermAsync();
        var expiresAt = await ExpiresAtAsync(member, group);
        expiresAt.ShouldBeInRange(app.Clock.GetUtcNow().AddMonths(12).AddMinutes(-5), app.Clock.GetUtcNow().AddMonths(12).AddMinutes(5));

        // Both steps wait in Wolverine's envelope storage in PostgreSQL: a restart loses neither.
        var scheduled = await ScheduledAsync();
        scheduled.ShouldContain(s => s.Type.EndsWith("LapseDue") && Math.Abs((s.At - expiresAt).TotalSeconds) < 1);
        scheduled.ShouldContain(s => s.Type.EndsWith("ExpiryReminderDue") && Math.Abs((s.At - (expiresAt - MembershipTerms.ReminderLead)).TotalSeconds) < 1);
    }

    [Fact]
    public async Task The_reminder_announces_the_expiry_and_the_lapse_moves_the_member_to_lapsed_only_once_the_term_is_over()
    {
        var (group, sponsor, member) = await GroupWithTermAsync();
        var expiresAt = await ExpiresAtAsync(member, group);

        await InvokeAsync(new MembershipTermHandler.ExpiryReminderDue(group, member.Id, expiresAt));
        (await MemberEventsProbe.WaitForAsync<GroupMembershipExpiring>(e => e.GroupId == group && e.MemberId == member.Id)).ExpiresAt.ShouldBe(expiresAt);
        (await app.Smtp.WaitForMessageAsync(member.Email, "ends soon")).TextBody!.ShouldContain("Renew it from the group's page");

        // Too early: nothing happens.
        await InvokeAsync(new MembershipTermHandler.LapseDue(group, member.Id, expiresAt));
        (await member.Session.GroupAsync(group)).GetProperty("viewer").GetProperty("state").GetString().ShouldBe("Active");

        await WithClockAdvancedAsync(TimeSpan.FromDays(370), async () =>
        {
            await SignInAgainAsync(member, sponsor);
            await InvokeAsync(new MembershipTermHandler.LapseDue(group, member.Id, expiresAt));
            await MemberEventsProbe.WaitForAsync<GroupMembershipLapsed>(e => e.GroupId == group && e.MemberId == member.Id);
            var view = await member.Session.GroupAsync(group);
            view.GetProperty("viewer").GetProperty("state").GetString().ShouldBe("Lapsed");
            view.GetProperty("memberCount").GetInt32().ShouldBe(1);
            (await sponsor.MemberStatesAsync(group, "Lapsed")).ShouldBe([member.Id.ToString()]);

            // A lapsed member renews and is back, for a new term from today.
            var renewed = await (await member.Session.PostAsync($"/api/membership/groups/{group}/renew", null)).JsonAsync();
            renewed.GetProperty("state").GetString().ShouldBe("Active");
            renewed.GetProperty("expiresAt").GetDateTimeOffset().ShouldBeGreaterThan(app.Clock.GetUtcNow().AddMonths(11));
        });
    }

    [Fact]
    public async Task Renewing_before_the_end_extends_the_term_and_the_old_schedule_finds_nothing_to_do()
    {
        var (group, _, member) = await GroupWithTermAsync();
        var firstEnd = await ExpiresAtAsync(member, group);

        var renewed = await (await member.Session.PostAsync($"/api/membership/groups/{group}/renew", null)).JsonAsync();
        renewed.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(firstEnd.AddMonths(12));

        await WithClockAdvancedAsync(TimeSpan.FromDays(370), async () =>
        {
            await SignInAgainAsync(member);
            await InvokeAsync(new MembershipTermHandler.LapseDue(group, member.Id, firstEnd));
            (await member.Session.GroupAsync(group)).GetProperty("viewer").GetProperty("state").GetString().ShouldBe("Active");
        });
        MemberEventsProbe.All<GroupMembershipLapsed>(e => e.GroupId == group && e.MemberId == member.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task Renewing_in_a_group_without_terms_is_a_conflict_and_fees_are_recorded_not_charged()
    {
        var sponsor = await app.RegisterConfirmedAsync("Treasurer");
        var member = await app.RegisterConfirmedAsync("Payer");
        var created = await (await sponsor.Session.PostAsJsonAsync("/api/membership/groups", new
        {
            name = $"Fee club {Guid.NewGuid():N}"[..20], charter = GroupsApi.Charter(), termMonths = 12, fee = new { amount = 25.0, currency = "EUR" },
        })).JsonAsync();
        var group = created.GetProperty("id").GetGuid();
        await member.JoinAsync(group);
        (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/members/{member.Id}/fee", new { status = "Waived" })).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
        var members = await (await sponsor.Session.GetAsync($"/api/membership/groups/{group}/members")).JsonAsync();
        members.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("memberId").GetGuid() == member.Id).GetProperty("feeStatus").GetString().ShouldBe("Waived");
        await (await member.Session.PutAsJsonAsync($"/api/membership/groups/{group}/members/{member.Id}/fee", new { status = "Paid" })).ProblemAsync(403);
        (await (await sponsor.Session.PutAsJsonAsync($"/api/membership/groups/{group}/members/{member.Id}/fee", new { status = "Maybe" })).ProblemAsync(400))
            .ErrorFields().ShouldBe(["status"]);

        var plain = await sponsor.CreateGroupAsync();
        await member.JoinAsync(plain);
        await (await member.Session.PostAsync($"/api/membership/groups/{plain}/renew", null)).ProblemAsync(409);
    }

    private async Task<(Guid Group, TestMember Sponsor, TestMember Member)> GroupWithTermAsync()
    {
        var sponsor = await app.RegisterConfirmedAsync("Registrar");
        var member = await app.RegisterConfirmedAsync("Subscriber");
        var created = await (await sponsor.Session.PostAsJsonAsync("/api/membership/groups", new
        {
            name = $"Yearly circle {Guid.NewGuid():N}"[..24], charter = GroupsApi.Charter(), termMonths = 12,
        })).JsonAsync();
        var group = created.GetProperty("id").GetGuid();
        (await (await member.JoinAsync(group)).StateAsync()).ShouldBe("Active");
        return (group, sponsor, member);
    }

    private static async Task<DateTimeOffset> ExpiresAtAsync(TestMember member, Guid group) =>
        (await member.Session.GroupAsync(group)).GetProperty("viewer").GetProperty("expiresAt").GetDateTimeOffset();

    private async Task InvokeAsync(object message)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message, TestContext.Current.CancellationToken);
    }

    /// <summary>A year later the session cookie has expired too (it reads the same clock): sign in again.</summary>
    private static async Task SignInAgainAsync(params TestMember[] members)
    {
        foreach (var member in members)
        {
            (await member.Session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = member.Password }))
                .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
    }

    private async Task WithClockAdvancedAsync(TimeSpan by, Func<Task> action)
    {
        app.Clock.Advance(by);
        try
        {
            await action();
        }
        finally
        {
            app.Clock.Advance(-by);
        }
    }

    private async Task<List<(string Type, DateTimeOffset At)>> ScheduledAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "select message_type, execution_time from wolverine.wolverine_incoming_envelopes where status = 'Scheduled'", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<(string, DateTimeOffset)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return rows;
    }
}
