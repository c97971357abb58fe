using System.Net;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>
/// Issue 17: who may do what in a group's chat, as a table of roles. Chat is the members' room even in a public group:
/// an outsider and a banned member get exactly the answer for a group that does not exist.
/// </summary>
public sealed class ChatAuthorizationTests(ChatApp app) : IClassFixture<ChatApp>
{
    public enum Role { Anonymous, Outsider, Member, Facilitator, Banned }

    public enum Action { Read, Post, DeleteOthers, CreateChannel }

    public static TheoryData<Role, Action, HttpStatusCode> Table => new()
    {
        { Role.Anonymous, Action.Read, HttpStatusCode.Unauthorized },
        { Role.Anonymous, Action.Post, HttpStatusCode.Unauthorized },
        { Role.Anonymous, Action.DeleteOthers, HttpStatusCode.Unauthorized },
        { Role.Anonymous, Action.CreateChannel, HttpStatusCode.Unauthorized },
        { Role.Outsider, Action.Read, HttpStatusCode.NotFound },
        { Role.Outsider, Action.Post, HttpStatusCode.NotFound },
        { Role.Outsider, Action.DeleteOthers, HttpStatusCode.NotFound },
        { Role.Outsider, Action.CreateChannel, HttpStatusCode.NotFound },
        { Role.Member, Action.Read, HttpStatusCode.OK },
        { Role.Member, Action.Post, HttpStatusCode.Created },
        { Role.Member, Action.DeleteOthers, HttpStatusCode.Forbidden },
        { Role.Member, Action.CreateChannel, HttpStatusCode.Forbidden },
        { Role.Facilitator, Action.Read, HttpStatusCode.OK },
        { Role.Facilitator, Action.Post, HttpStatusCode.Created },
        { Role.Facilitator, Action.DeleteOthers, HttpStatusCode.NoContent },
        { Role.Facilitator, Action.CreateChannel, HttpStatusCode.Created },
        { Role.Banned, Action.Read, HttpStatusCode.NotFound },
        { Role.Banned, Action.Post, HttpStatusCode.NotFound },
        { Role.Banned, Action.DeleteOthers, HttpStatusCode.NotFound },
        { Role.Banned, Action.CreateChannel, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Chat_follows_the_group_rule_for_each_role(Role role, Action action, HttpStatusCode expected)
    {
        var sponsor = await app.RegisterConfirmedAsync("Chat Sponsor");
        var group = await sponsor.CreateGroupAsync("Chat Rules", visibility: "Public");
        var author = await app.RegisterConfirmedAsync("Chat Author");
        (await author.JoinAsync(group)).EnsureSuccessStatusCode();
        var someonesMessage = (await author.ChatSendAsync(group, "Someone's message")).GetProperty("number").GetInt32();

        var client = await ClientAsync(role, sponsor, group);
        var response = action switch
        {
            Action.Read => await client.ChatHistoryAsync(group),
            Action.Post => await client.ChatPostAsync(group, "Hello, room"),
            Action.DeleteOthers => await client.ChatRemoveAsync(group, someonesMessage, "Off topic"),
            _ => await client.CreateChannelAsync(group, $"c{Guid.NewGuid():N}"[..12], "A side room"),
        };

        response.StatusCode.ShouldBe(expected, $"{role} {action}: {await response.Content.ReadAsStringAsync()}");
        if (expected == HttpStatusCode.NotFound)
        {
            var unknownGroup = Guid.NewGuid();
            var same = action == Action.Read ? await client.ChatHistoryAsync(unknownGroup) : await client.ChatPostAsync(unknownGroup, "Hello");
            (await response.ProblemAsync(404)).GetProperty("detail").GetString()
                .ShouldBe((await same.ProblemAsync(404)).GetProperty("detail").GetString(), "the answer for a group that does not exist");
        }
    }

    private async Task<HttpClient> ClientAsync(Role role, TestMember sponsor, Guid group)
    {
        if (role == Role.Anonymous)
        {
            return app.CreateSession();
        }

        var member = await app.RegisterConfirmedAsync($"Chat {role}");
        if (role is Role.Member or Role.Banned or Role.Facilitator)
        {
            (await member.JoinAsync(group)).EnsureSuccessStatusCode();
        }

        if (role == Role.Facilitator)
        {
            (await sponsor.SetRolesAsync(group, member.Id, "Facilitator")).EnsureSuccessStatusCode();
        }

        if (role == Role.Banned)
        {
            (await sponsor.RemoveAsync(group, member.Id, "Spam", ban: true)).EnsureSuccessStatusCode();
        }

        return member.Session;
    }
}
