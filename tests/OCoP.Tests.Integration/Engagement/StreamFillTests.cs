using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// No count signal in a member's stream (issue 18, item 3): with one item a page, an anonymous reader gets one visible
/// item on every page and never an empty one, however many items of a secret group lie in between, and the pages end.
/// </summary>
public sealed class StreamFillTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Pages_of_a_member_stream_are_filled_with_visible_items_past_hidden_ones()
    {
        var author = await app.RegisterConfirmedAsync("Fill Author");
        var open = await author.CreateForumAsync();
        await author.StartTopicNumberAsync(open, "A visible topic", "Anyone may read this.");
        var secret = await author.CreateForumAsync(visibility: "Secret", joinPolicy: "ByInvitation");
        for (var i = 0; i < 4; i++)
        {
            await author.StartTopicNumberAsync(secret, $"Hidden topic {i}", "Only members read this.");
        }

        // The author sees the secret group's topics in their own stream once Engagement has recorded them.
        await Eventually.TrueAsync(async () => (await author.Session.ItemsAsync(FollowsApi.MemberActivity(author.Id)))
            .Count(i => i.GetProperty("title").GetString()!.StartsWith("Hidden topic", StringComparison.Ordinal)) == 4, "the hidden topics recorded");
        var visibleToAll = (await author.Session.ItemsAsync(FollowsApi.MemberActivity(author.Id)))
            .Where(i => i.GetProperty("groupId").ValueKind == JsonValueKind.Null || i.GetProperty("groupId").GetGuid() != secret)
            .Select(i => i.GetProperty("id").GetGuid()).ToList();
        visibleToAll.ShouldNotBeEmpty();

        var anonymous = app.CreateClient();
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var url = $"{FollowsApi.MemberActivity(author.Id)}?limit=1{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}";
            var page = await (await anonymous.GetAsync(url)).JsonAsync();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            items.Count.ShouldBe(1, $"page {seen.Count + 1} is empty or short: {page}");
            seen.Add(items[0].GetProperty("id").GetGuid());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 20);

        seen.ShouldBe(visibleToAll);
    }
}
