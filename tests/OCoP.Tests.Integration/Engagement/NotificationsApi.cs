using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>In-app notifications as tests use them. They are written when the events arrive, a moment after the action.</summary>
internal static class NotificationsApi
{
    public const string Notifications = "/api/engagement/notifications";

    public static async Task<List<JsonElement>> NotificationsAsync(this TestMember member, bool unread = false) =>
        await member.Session.ItemsAsync($"{Notifications}?limit=100{(unread ? "&unread=true" : "")}");

    public static async Task<int> UnreadCountAsync(this TestMember member) =>
        (await (await member.Session.GetAsync($"{Notifications}/unread-count")).JsonAsync()).GetProperty("unread").GetInt32();

    /// <summary>Waits for a notification of the kind whose title contains the text, and returns it.</summary>
    public static async Task<JsonElement> WaitForNotificationAsync(this TestMember member, string kind, string title, Func<JsonElement, bool>? condition = null)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var match = (await member.NotificationsAsync()).Where(n => n.GetProperty("kind").GetString() == kind
                && n.GetProperty("title").GetString()!.Contains(title, StringComparison.Ordinal) && (condition?.Invoke(n) ?? true)).ToList();
            if (match.Count > 0)
            {
                found = match[0];
            }

            return match.Count > 0;
        }, $"a {kind} notification about \"{title}\" for {member.DisplayName}");
        return found;
    }

    public static async Task<string[]> KindsAboutAsync(this TestMember member, string title) =>
        [.. (await member.NotificationsAsync()).Where(n => n.GetProperty("title").GetString()!.Contains(title, StringComparison.Ordinal))
            .Select(n => n.GetProperty("kind").GetString()!)];

    /// <summary>Publishes an integration event through Wolverine, as its module would (every subscriber gets it).</summary>
    public static async Task PublishAsync(this OCoPApp app, object message)
    {
        using var scope = app.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        await bus.PublishAsync(message);
    }

    /// <summary>
    /// Gives the event handlers time to finish with what came before: a sentinel notification (a reply to the member
    /// in another topic) that arrives after the earlier events proves their absence is not just lateness.
    /// </summary>
    public static async Task SettleAsync(this TestMember member, TestMember other, Guid group)
    {
        var title = $"Sentinel {Guid.NewGuid():N}";
        var topic = await member.StartTopicNumberAsync(group, title, "A sentinel topic.");
        (await other.ReplyAsync(group, topic, "Sentinel reply.", replyTo: 1)).EnsureSuccessStatusCode();
        await member.WaitForNotificationAsync("repliedTo", title);
    }
}
