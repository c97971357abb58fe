using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Groups;

public sealed class OrientationTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Newcomers_work_through_the_checklist_and_facilitators_see_who_is_where()
    {
        var facilitator = await app.RegisterConfirmedAsync("Guide");
        var newcomer = await app.RegisterConfirmedAsync("Fresh");
        var group = await facilitator.CreateGroupAsync();

        // The default checklist is there from the start; the facilitator writes a welcome and adds an item.
        var current = await (await facilitator.Session.GetAsync($"/api/membership/groups/{group}/orientation")).JsonAsync();
        var defaults = current.GetProperty("checklist").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        defaults.ShouldBe(["read-charter", "introduce-yourself", "digest-preference"]);

        var edited = await (await facilitator.Session.PutAsJsonAsync($"/api/membership/groups/{group}/orientation", new
        {
            welcomeMarkdown = "Welcome! Start with **the charter**. <script>alert(1)</script>",
            checklist = new object[]
            {
                new { id = "read-charter", text = "Read the charter (ten minutes)" },
                new { id = "introduce-yourself", text = "Introduce yourself" },
                new { id = (string?)null, text = "Share one lesson you are proud of" },
            },
        })).JsonAsync();
        var html = edited.GetProperty("welcomeHtml").GetString()!;
        html.ShouldContain("<strong>the charter</strong>");
        html.ShouldNotContain("<script");
        var items = edited.GetProperty("checklist").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        items.Count.ShouldBe(3);

        await newcomer.JoinAsync(group);
        var mine = await (await newcomer.Session.PutAsJsonAsync($"/api/membership/groups/{group}/orientation/items/read-charter", new { done = true })).JsonAsync();
        mine.GetProperty("done").GetInt32().ShouldBe(1);
        mine.GetProperty("total").GetInt32().ShouldBe(3);
        await (await newcomer.Session.PutAsJsonAsync($"/api/membership/groups/{group}/orientation/items/no-such-item", new { done = true })).ProblemAsync(404);

        var progress = await (await facilitator.Session.GetAsync($"/api/membership/groups/{group}/orientation/progress")).JsonAsync();
        var fresh = progress.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("memberId").GetGuid() == newcomer.Id);
        fresh.GetProperty("done").GetInt32().ShouldBe(1);
        fresh.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ShouldBe(["Introduce yourself", "Share one lesson you are proud of"]);

        // Members tick their own list only; progress and editing are for facilitators.
        await (await newcomer.Session.GetAsync($"/api/membership/groups/{group}/orientation/progress")).ProblemAsync(403);
        await (await newcomer.Session.PutAsJsonAsync($"/api/membership/groups/{group}/orientation", new { checklist = Array.Empty<object>() })).ProblemAsync(403);
        var outsider = await app.RegisterConfirmedAsync("Outsider");
        await (await outsider.Session.GetAsync($"/api/membership/groups/{group}/orientation")).ProblemAsync(403);
    }
}
