using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Events;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Knowledge;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// Account deletion, the export's counterpart (issue 18, item 8): every module anonymises what it holds about the member
/// and says so; a site administrator sees that all five did, and afterwards no document in any module's schema holds the
/// member's e-mail address or name.
/// </summary>
public sealed class MemberErasureTests(MemberErasureTests.App app) : IClassFixture<MemberErasureTests.App>
{
    public sealed class App : OCoPApp
    {
        public string AdministratorEmail { get; } = $"erasure-admin-{Guid.NewGuid():N}@example.org";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:SiteAdministrators:0"] = AdministratorEmail,
        };
    }

    private static readonly string[] Modules = ["discussions", "engagement", "events", "knowledge", "membership"];

    [Fact]
    public async Task Every_module_erases_the_deleted_member_and_no_schema_keeps_their_address_or_name()
    {
        var administrator = await SignedInAdministratorAsync();
        var name = $"Leaver {Guid.NewGuid():N}"[..15];
        var leaver = await app.RegisterConfirmedAsync(name);
        var other = await app.RegisterConfirmedAsync("Erasure Stayer");

        // Something of the member in every module: a group, a topic and a reply, a reply by someone else that notifies
        // and e-mails them, a private conversation, a wiki page, an event with their RSVP.
        var group = await leaver.CreateForumAsync();
        await other.JoinForumAsync(group);
        var topic = await leaver.StartTopicNumberAsync(group, "What erasure keeps");
        (await other.ReplyAsync(group, topic, "A reply the leaver is told about.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await leaver.ReplyAsync(group, topic, "My own answer.")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await app.WaitKnownAsync(leaver, other);
        await leaver.StartAsync("Before I go", "Thanks for everything.", other);
        await leaver.CreatePageSlugAsync(group, "Erasure notes");
        var session = await leaver.ScheduleEventAsync(group, EventsApi.Input("Erasure clinic"));
        await app.MessagesHandledAsync(group, "the group's members reaching Events");
        (await other.RsvpAsync(session, "Going")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.MessagesHandledAsync(leaver.Id, "the leaver's content reaching every module");
        (await SchemasHoldingAsync(leaver.Email)).ShouldNotBeEmpty("the member's address is held somewhere before the deletion");
        (await SchemasHoldingAsync(name)).ShouldNotBeEmpty("and their name");

        (await leaver.Session.PostAsJsonAsync("/api/membership/account/delete", new { password = leaver.Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Only site administrators read a deletion; a member who was not deleted has none.
        await (await other.Session.GetAsync($"/api/membership/deletions/{leaver.Id}")).ProblemAsync(403);
        await (await administrator.GetAsync($"/api/membership/deletions/{other.Id}")).ProblemAsync(404);
        var status = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            status = await (await administrator.GetAsync($"/api/membership/deletions/{leaver.Id}")).JsonAsync();
            return status.GetProperty("complete").GetBoolean();
        }, "every module's erasure", TimeSpan.FromSeconds(60));
        status.GetProperty("erased").EnumerateArray().Select(m => m.GetString()).ShouldBe(Modules);
        status.GetProperty("waiting").GetArrayLength().ShouldBe(0);

        // Messages already queued when the account went (the reply's alerts) may still be handled: wait for the queues.
        await app.MessagesHandledAsync(leaver.Id, "the messages about the leaver");
        await app.MessagesHandledAsync(group, "the messages about the group");
        (await SchemasHoldingAsync(leaver.Email)).ShouldBeEmpty("no module keeps the deleted member's e-mail address");
        (await SchemasHoldingAsync(name)).ShouldBeEmpty("no module keeps the deleted member's name");

        // What they wrote stays, under the anonymous name.
        var page = await other.Session.TopicPageAsync(group, topic);
        page.GetRawText().ShouldContain("My own answer.");
        page.GetRawText().ShouldContain("Former member");
    }

    /// <summary>Every document, in every module's schema, whose JSON contains <paramref name="text"/>: "schema.table".</summary>
    private async Task<List<string>> SchemasHoldingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "select table_schema, table_name from information_schema.tables where table_schema = any(@schemas) and table_name like 'mt\\_doc\\_%'",
                         connection))
        {
            list.Parameters.AddWithValue("schemas", Modules);
            await using var reader = await list.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                tables.Add($"\"{reader.GetString(0)}\".\"{reader.GetString(1)}\"");
            }
        }

        tables.Count.ShouldBeGreaterThan(20, "every module's document tables");
        var holding = new List<string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"select count(*) from {table} where strpos(lower(data::text), lower(@text)) > 0", connection);
            command.Parameters.AddWithValue("text", text);
            var count = (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            if (count > 0)
            {
                holding.Add($"{table} ({count})");
            }
        }

        return holding;
    }

    private async Task<HttpClient> SignedInAdministratorAsync()
    {
        var session = app.CreateSession();
        var registered = await (await session.PostAsJsonAsync("/api/membership/account/register",
            new { email = app.AdministratorEmail, password = Members.Password, displayName = "Erasure Admin" })).RegisteredIdAsync();
        var (memberId, token) = await Members.ConfirmationLinkAsync(app, app.AdministratorEmail, registered);
        (await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await session.PostAsJsonAsync(TokensApi.SignIn, new { email = app.AdministratorEmail, password = Members.Password })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return session;
    }
}
