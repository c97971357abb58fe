using System.Net;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>Who may do what in a wiki (the shared role matrix, GroupAction.EditWiki and CurateWiki), and bad input refused with nothing changed.</summary>
public sealed class WikiRulesTests(SharedOCoPApp app)
{
    public enum Operation
    {
        Read,
        Create,
        Edit,
        EditProtected,
        Protect,
        Review,
    }

    [Fact]
    public async Task Each_role_may_do_in_the_wiki_what_the_role_matrix_says_and_nothing_more()
    {
        var sponsor = await app.RegisterConfirmedAsync("Matrix Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var cast = new Dictionary<string, HttpClient> { ["Sponsor"] = sponsor.Session, ["Anonymous"] = app.CreateSession() };
        foreach (var role in new[] { "Reader", "Contributor", "DomainExpert", "Facilitator" })
        {
            var member = await app.RegisterConfirmedAsync($"Matrix {role}");
            await member.JoinWithRolesAsync(sponsor, group, role);
            cast[role] = member.Session;
        }

        cast["Outsider"] = (await app.RegisterConfirmedAsync("Matrix Outsider")).Session;

        // Rows: who; columns: Operation in declaration order. 2xx = allowed; otherwise the refusal's status.
        var expected = new Dictionary<string, int[]>
        {
            //                    Read Create Edit EditProtected Protect Review
            ["Anonymous"] =    [200, 401, 401, 401, 401, 401],
            ["Outsider"] =     [200, 403, 403, 403, 403, 403],
            ["Reader"] =       [200, 403, 403, 403, 403, 403],
            ["Contributor"] =  [200, 201, 200, 403, 403, 403],
            ["DomainExpert"] = [200, 201, 200, 200, 204, 204],
            ["Facilitator"] =  [200, 201, 200, 200, 204, 204],
            ["Sponsor"] =      [200, 201, 200, 200, 204, 204],
        };

        var operations = Enum.GetValues<Operation>();
        foreach (var (who, statuses) in expected)
        {
            statuses.Length.ShouldBe(operations.Length);
            for (var i = 0; i < operations.Length; i++)
            {
                var open = await sponsor.CreatePageSlugAsync(group, $"Open {who} {operations[i]}", "Text.");
                var closed = await sponsor.CreatePageSlugAsync(group, $"Protected {who} {operations[i]}", "Text.", @protected: true);
                var response = await ActAsync(cast[who], group, operations[i], open, closed, who);
                ((int)response.StatusCode).ShouldBe(statuses[i], $"{who} / {operations[i]}: {await response.Content.ReadAsStringAsync()}");
                var changed = await sponsor.Session.ReadPageAsync(group, operations[i] == Operation.EditProtected ? closed : open);
                var expectChange = statuses[i] is >= 200 and < 300 && operations[i] is Operation.Edit or Operation.EditProtected;
                changed.GetProperty("revision").GetInt32().ShouldBe(expectChange && statuses[i] < 300 ? 2 : 1, $"{who} / {operations[i]}");
            }
        }
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid group, Operation operation, string open, string closed, string who) => operation switch
    {
        Operation.Read => client.GetAsync(WikiApi.Page(group, closed)),
        Operation.Create => client.PostAsJsonAsync(WikiApi.Pages(group), new { title = $"New by {who}", body = "Hello." }),
        Operation.Edit => client.PutAsJsonAsync(WikiApi.Page(group, open), new { title = $"Open {who} {operation}", body = "Changed.", baseRevision = 1 }),
        Operation.EditProtected => client.PutAsJsonAsync(WikiApi.Page(group, closed),
            new { title = $"Protected {who} {operation}", body = "Changed.", baseRevision = 1 }),
        Operation.Protect => client.PutAsJsonAsync($"{WikiApi.Page(group, open)}/protection", new { @protected = true }),
        Operation.Review => client.PostAsync($"{WikiApi.Page(group, open)}/review", null),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    [Fact]
    public async Task A_contributor_editing_a_protected_page_gets_403_and_the_page_is_unchanged()
    {
        var sponsor = await app.RegisterConfirmedAsync("Protect Sponsor");
        var contributor = await app.RegisterConfirmedAsync("Protect Contributor");
        var group = await sponsor.CreateWikiGroupAsync();
        await contributor.JoinWithRolesAsync(sponsor, group);
        var slug = await sponsor.CreatePageSlugAsync(group, "Code of practice", "Be fair.", @protected: true);

        var problem = await (await contributor.SavePageAsync(group, slug, "Code of practice", "Be unfair.", 1)).ProblemAsync(403);
        problem.GetProperty("detail").GetString()!.ShouldContain("protected");
        var page = await contributor.Session.ReadPageAsync(group, slug);
        page.GetProperty("source").GetString().ShouldBe("Be fair.");
        page.GetProperty("viewer").GetProperty("canEdit").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_4xx_and_changes_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Bad Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var slug = await sponsor.CreatePageSlugAsync(group, "Stable", "Original.");

        (await (await sponsor.CreatePageAsync(group, "")).ProblemAsync(400)).ErrorFields().ShouldBe(["title"]);
        (await (await sponsor.CreatePageAsync(group, "!!!")).ProblemAsync(400)).ErrorFields().ShouldBe(["title"]);
        (await (await sponsor.CreatePageAsync(group, "Orphan", parent: "no-such-page")).ProblemAsync(400)).ErrorFields().ShouldBe(["parent"]);
        (await sponsor.CreatePageAsync(group, "STABLE")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await (await sponsor.SavePageAsync(group, slug, "Stable", "x", 0)).ProblemAsync(400)).ErrorFields().ShouldBe(["baseRevision"]);
        (await (await sponsor.SavePageAsync(group, slug, "Stable", "x", 7)).ProblemAsync(400)).ErrorFields().ShouldBe(["baseRevision"]);
        (await (await sponsor.SavePageAsync(group, slug, "Stable", "x", 1, new string('s', 301))).ProblemAsync(400)).ErrorFields().ShouldBe(["summary"]);

        var tenThousandLinks = string.Join(' ', Enumerable.Range(1, 10_000).Select(i => $"[[Page {i}]]"));
        (await (await sponsor.SavePageAsync(group, slug, "Stable", tenThousandLinks, 1)).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);

        var fiveMegabytes = new string('a', 5 * 1024 * 1024);
        // Sent with its length, as browsers and HTTP clients do: refused before it is read.
        using var fiveMegabyteBody = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { title = "Stable", body = fiveMegabytes, baseRevision = 1 }),
            System.Text.Encoding.UTF8, "application/json");
        await (await sponsor.Session.PutAsync(WikiApi.Page(group, slug), fiveMegabyteBody)).ProblemAsync(413);
        var justOverTheLimit = new string('b', 200_001);
        (await (await sponsor.SavePageAsync(group, slug, "Stable", justOverTheLimit, 1)).ProblemAsync(400)).ErrorFields().ShouldBe(["body"]);

        (await sponsor.Session.GetAsync($"{WikiApi.Page(group, slug)}/diff?from=1&to=9")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sponsor.Session.GetAsync($"{WikiApi.Page(group, slug)}/revisions?cursor=bogus")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sponsor.Session.GetAsync(WikiApi.Page(group, "no-such-page"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var page = await sponsor.Session.ReadPageAsync(group, slug);
        page.GetProperty("source").GetString().ShouldBe("Original.");
        page.GetProperty("revision").GetInt32().ShouldBe(1);
        (await sponsor.Session.TreeAsync(group)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_secret_groups_wiki_is_not_found_for_outsiders()
    {
        var sponsor = await app.RegisterConfirmedAsync("Secret Sponsor");
        var outsider = await app.RegisterConfirmedAsync("Secret Outsider");
        var group = await sponsor.CreateWikiGroupAsync("Secret");
        var slug = await sponsor.CreatePageSlugAsync(group, "Hidden knowledge");

        (await outsider.Session.GetAsync(WikiApi.Page(group, slug))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Session.GetAsync(WikiApi.Page(group, "no-such-page"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.SavePageAsync(group, slug, "Hidden knowledge", "Mine now.", 1)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync(WikiApi.Pages(group))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
