using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Chat;

/// <summary>Group chat as tests use it: the HTTP API, and live connections to the hub as a browser makes them.</summary>
internal static class ChatApi
{
    public static string Channels(Guid group) => $"/api/engagement/groups/{group}/chat/channels";

    /// <summary>The group's own channel has the group's id.</summary>
    public static string Messages(Guid group, Guid? channel = null) => $"{Channels(group)}/{channel ?? group}/messages";

    public static Task<HttpResponseMessage> ChatPostAsync(this HttpClient client, Guid group, string body, Guid? channel = null) =>
        client.PostAsJsonAsync(Messages(group, channel), new { body });

    public static async Task<JsonElement> ChatSendAsync(this TestMember member, Guid group, string body, Guid? channel = null)
    {
        var response = await member.Session.ChatPostAsync(group, body, channel);
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    public static Task<HttpResponseMessage> ChatHistoryAsync(this HttpClient client, Guid group, Guid? channel = null, string query = "") =>
        client.GetAsync(Messages(group, channel) + query);

    public static Task<HttpResponseMessage> ChatEditAsync(this TestMember member, Guid group, int number, string body, Guid? channel = null) =>
        member.Session.PutAsJsonAsync($"{Messages(group, channel)}/{number}", new { body });

    public static Task<HttpResponseMessage> ChatDeleteOwnAsync(this TestMember member, Guid group, int number, Guid? channel = null) =>
        member.Session.DeleteAsync($"{Messages(group, channel)}/{number}");

    public static Task<HttpResponseMessage> ChatRemoveAsync(this HttpClient client, Guid group, int number, string reason, Guid? channel = null) =>
        client.PostAsJsonAsync($"{Messages(group, channel)}/{number}/delete", new { reason });

    public static Task<HttpResponseMessage> ChatFlagAsync(this TestMember member, Guid group, int number, string reason, Guid? channel = null) =>
        member.Session.PostAsJsonAsync($"{Messages(group, channel)}/{number}/report", new { reason });

    public static Task<HttpResponseMessage> CreateChannelAsync(this HttpClient client, Guid group, string name, string? topic = null) =>
        client.PostAsJsonAsync(Channels(group), new { name, topic });

    public static async Task<List<JsonElement>> ChannelListAsync(this TestMember member, Guid group) =>
        (await (await member.Session.GetAsync(Channels(group))).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    /// <summary>
    /// A live connection as the member, signed in with a personal access token, over the test server (long polling: the
    /// in-memory server has no sockets). Listeners are registered by the caller before <c>StartAsync</c> where it matters.
    /// </summary>
    public static async Task<HubConnection> LiveConnectionAsync(this OCoPApp app, TestMember member)
    {
        var created = await member.Session.PostAsJsonAsync("/api/membership/tokens", new { name = "live", scopes = new[] { "write" }, expiresInDays = 1 });
        var token = (await created.JsonAsync()).GetProperty("token").GetString()!;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/live"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
    }
}
