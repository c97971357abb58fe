using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>The webhook API as tests use it (docs/webhooks.md).</summary>
internal static class WebhooksApi
{
    public const string Root = "/api/engagement/webhooks";

    public static Task<HttpResponseMessage> RegisterWebhookAsync(this TestMember member, Guid? group, string url, params string[] eventKinds) =>
        member.Session.PostAsJsonAsync(group is null ? Root : $"/api/engagement/groups/{group}/webhooks", new { url, eventKinds, description = "Test hook" });

    /// <summary>Registers and returns the webhook's id and its secret (shown once).</summary>
    public static async Task<(Guid Id, string Secret)> WebhookAsync(this TestMember member, Guid? group, string url, params string[] eventKinds)
    {
        var created = await (await member.RegisterWebhookAsync(group, url, eventKinds)).JsonAsync();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    public static async Task<JsonElement> WebhookViewAsync(this TestMember member, Guid webhook) =>
        await (await member.Session.GetAsync($"{Root}/{webhook}")).JsonAsync();

    public static async Task<List<JsonElement>> DeliveriesAsync(this TestMember member, Guid webhook) =>
        (await (await member.Session.GetAsync($"{Root}/{webhook}/deliveries?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    public static Task<HttpResponseMessage> SendTestEventAsync(this TestMember member, Guid webhook) =>
        member.Session.PostAsync($"{Root}/{webhook}/test", null);

    /// <summary>Waits until the webhook's only delivery has settled (succeeded or failed) and returns it.</summary>
    public static async Task<JsonElement> SettledDeliveryAsync(this TestMember member, Guid webhook) =>
        (await Eventually.FoundAsync(async () =>
        {
            var deliveries = await member.DeliveriesAsync(webhook);
            return deliveries is [var only] && only.GetProperty("status").GetString() is "Succeeded" or "Failed" ? new[] { only } : null;
        }, $"the delivery of webhook {webhook} to settle", TimeSpan.FromSeconds(60)))[0];
}
