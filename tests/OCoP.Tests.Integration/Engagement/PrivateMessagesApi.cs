using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>Private messages as tests use them. Engagement learns members from Membership's events, a moment later.</summary>
internal static class PrivateMessagesApi
{
    public const string Conversations = "/api/engagement/conversations";
    public const string Blocks = "/api/engagement/blocks";
    public const string Reports = "/api/engagement/message-reports";

    public static Task<HttpResponseMessage> StartConversationAsync(this TestMember member, IEnumerable<Guid> to, string subject, string body) =>
        member.Session.PostAsJsonAsync(Conversations, new { to = to.ToArray(), subject, body });

    /// <summary>Waits until Engagement knows the members (their registration events arrive a moment later).</summary>
    public static async Task WaitKnownAsync(this OCoPApp app, params TestMember[] members)
    {
        foreach (var member in members)
        {
            await Eventually.TrueAsync(() => app.InStoreAsync(async store =>
            {
                await using var session = store.QuerySession();
                return await session.LoadAsync<OCoP.Modules.Engagement.Community.Person>(member.Id) is not null;
            }), $"Engagement to know {member.DisplayName}");
        }
    }

    public static async Task<Guid> StartAsync(this TestMember member, string subject, string body, params TestMember[] to) =>
        (await (await member.StartConversationAsync(to.Select(t => t.Id), subject, body)).JsonAsync()).GetProperty("id").GetGuid();

    public static Task<HttpResponseMessage> ReplyAsync(this TestMember member, Guid conversation, string body) =>
        member.Session.PostAsJsonAsync($"{Conversations}/{conversation}/messages", new { body });

    public static Task<HttpResponseMessage> ReadAsync(this TestMember member, Guid conversation, int? after = null) =>
        member.Session.GetAsync($"{Conversations}/{conversation}" + (after is { } a ? $"?cursor={a}" : ""));

    public static async Task<List<JsonElement>> ConversationListAsync(this TestMember member) =>
        (await (await member.Session.GetAsync($"{Conversations}?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public static async Task<JsonElement> SummaryAsync(this TestMember member, Guid conversation) =>
        (await member.ConversationListAsync()).Single(c => c.GetProperty("id").GetGuid() == conversation);

    public static Task<HttpResponseMessage> BlockAsync(this TestMember member, Guid other) =>
        member.Session.PutAsync($"{Blocks}/{other}", null);

    public static Task<HttpResponseMessage> UnblockAsync(this TestMember member, Guid other) =>
        member.Session.DeleteAsync($"{Blocks}/{other}");

    public static Task<HttpResponseMessage> ReportAsync(this TestMember member, Guid conversation, int number, string reason) =>
        member.Session.PostAsJsonAsync($"{Conversations}/{conversation}/messages/{number}/report", new { reason });

    public static async Task<T> InStoreAsync<T>(this OCoPApp app, Func<OCoP.Modules.Engagement.IEngagementStore, Task<T>> read)
    {
        using var scope = app.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<OCoP.Modules.Engagement.IEngagementStore>());
    }
}

/// <summary>A host with a site administrator, to read reports.</summary>
public sealed class PrivateMessagesApp : OCoPApp
{
    public const string AdministratorEmail = "pm-admin@example.org";
    private readonly SemaphoreSlim gate = new(1, 1);
    private TestMember? administrator;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Membership:SiteAdministrators:0"] = AdministratorEmail,
    };

    public async Task<TestMember> AdministratorAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (administrator is null)
            {
                var session = CreateSession();
                await session.PostAsJsonAsync("/api/membership/account/register", new { email = AdministratorEmail, password = Members.Password, displayName = "PM Admin" });
                var (memberId, token) = await Members.ConfirmationLinkAsync(this, AdministratorEmail);
                await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token });
                (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = AdministratorEmail, password = Members.Password })).EnsureSuccessStatusCode();
                administrator = new TestMember(memberId, AdministratorEmail, Members.Password, "PM Admin", session);
            }

            return administrator;
        }
        finally
        {
            gate.Release();
        }
    }
}
