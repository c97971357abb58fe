using System.Net;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Search;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>The resource directory and its triage: submitting, rating and reviewing, flagging, vetting, filters, and bad input.</summary>
public sealed class ResourceTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    public enum Operation
    {
        List,
        Submit,
        Rate,
        Flag,
        Vet,
    }

    [Fact]
    public async Task Each_role_may_triage_what_the_role_matrix_says_and_nothing_more()
    {
        var sponsor = await app.RegisterConfirmedAsync("Triage Matrix Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var cast = new Dictionary<string, HttpClient> { ["Sponsor"] = sponsor.Session, ["Anonymous"] = app.CreateSession() };
        foreach (var role in new[] { "Reader", "Contributor", "DomainExpert", "Facilitator" })
        {
            var member = await app.RegisterConfirmedAsync($"Triage Matrix {role}");
            await member.JoinWithRolesAsync(sponsor, group, role);
            cast[role] = member.Session;
        }

        cast["Outsider"] = (await app.RegisterConfirmedAsync("Triage Matrix Outsider")).Session;

        // Rows: who; columns: Operation in declaration order. 2xx = allowed; otherwise the refusal's status.
        var expected = new Dictionary<string, int[]>
        {
            //                   List Submit Rate Flag Vet
            ["Anonymous"] =    [200, 401, 401, 401, 401],
            ["Outsider"] =     [200, 403, 403, 403, 403],
            ["Reader"] =       [200, 403, 403, 403, 403],
            ["Contributor"] =  [200, 201, 200, 204, 403],
            ["DomainExpert"] = [200, 201, 200, 204, 204],
            ["Facilitator"] =  [200, 201, 200, 204, 204],
            ["Sponsor"] =      [200, 201, 200, 204, 204],
        };

        var operations = Enum.GetValues<Operation>();
        foreach (var (who, statuses) in expected)
        {
            statuses.Length.ShouldBe(operations.Length);
            for (var i = 0; i < operations.Length; i++)
            {
                var resource = await sponsor.ResourceIdAsync(group, $"Resource for {who} {operations[i]}");
                var response = operations[i] switch
                {
                    Operation.List => await cast[who].GetAsync(ResourceApi.Resources(group)),
                    Operation.Submit => await cast[who].SubmitAsync(group, $"Submitted by {who}"),
                    Operation.Rate => await cast[who].RateAsync(group, resource, 4, "Helpful."),
                    Operation.Flag => await cast[who].FlagAsync(group, resource, "Outdated"),
                    Operation.Vet => await cast[who].VetAsync(group, resource),
                    _ => throw new ArgumentOutOfRangeException(nameof(operations)),
                };
                ((int)response.StatusCode).ShouldBe(statuses[i], $"{who} / {operations[i]}: {await response.Content.ReadAsStringAsync()}");
                var allowed = statuses[i] is >= 200 and < 300;
                var after = await sponsor.Session.ReadResourceAsync(group, resource);
                after.GetProperty("ratingCount").GetInt32().ShouldBe(operations[i] == Operation.Rate && allowed ? 1 : 0, $"{who} / {operations[i]}");
                after.GetProperty("concerns").GetArrayLength().ShouldBe(operations[i] == Operation.Flag && allowed ? 1 : 0, $"{who} / {operations[i]}");
                after.GetProperty("vetted").GetBoolean().ShouldBe(operations[i] == Operation.Vet && allowed, $"{who} / {operations[i]}");
            }
        }
    }

    [Fact]
    public async Task Ratings_average_per_member_and_vetting_shows_who_and_when()
    {
        var sponsor = await app.RegisterConfirmedAsync("Rating Sponsor");
        var expert = await app.RegisterConfirmedAsync("Rating Expert");
        var contributor = await app.RegisterConfirmedAsync("Rating Contributor");
        var group = await sponsor.CreateWikiGroupAsync();
        await expert.JoinWithRolesAsync(sponsor, group, "DomainExpert");
        await contributor.JoinWithRolesAsync(sponsor, group, "Contributor");
        var resource = await contributor.ResourceIdAsync(group, "Labour market guide");

        (await contributor.Session.RateAsync(group, resource, 5, "Excellent")).EnsureSuccessStatusCode();
        (await expert.Session.RateAsync(group, resource, 2)).EnsureSuccessStatusCode();
        var again = await (await contributor.Session.RateAsync(group, resource, 4, "Good, a bit long")).JsonAsync();
        again.GetProperty("rating").GetDouble().ShouldBe(3.0);
        again.GetProperty("ratingCount").GetInt32().ShouldBe(2);

        (await expert.Session.VetAsync(group, resource)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var read = await contributor.Session.ReadResourceAsync(group, resource);
        read.GetProperty("vetted").GetBoolean().ShouldBeTrue();
        read.GetProperty("vettedByName").GetString().ShouldBe(expert.DisplayName);
        read.GetProperty("vettedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        read.GetProperty("myRating").GetInt32().ShouldBe(4);
        read.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("review").GetString()).ShouldBe(["Good, a bit long", ""], ignoreOrder: true);

        (await expert.Session.VetAsync(group, resource, vetted: false)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await contributor.Session.ReadResourceAsync(group, resource)).GetProperty("vettedByName").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task The_directory_filters_by_kind_tag_vetting_and_rating_and_pages_by_cursor()
    {
        var sponsor = await app.RegisterConfirmedAsync("Filter Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var syllabus = await sponsor.ResourceIdAsync(group, "Syllabus A", kind: "Syllabus", tags: ["Careers", "ict"]);
        await sponsor.ResourceIdAsync(group, "Lesson B", kind: "LessonPlan", tags: ["careers"]);
        var caseStudy = await sponsor.ResourceIdAsync(group, "Case C", url: null, kind: "CaseStudy", tags: ["health"]);
        (await sponsor.Session.VetAsync(group, syllabus)).EnsureSuccessStatusCode();
        (await sponsor.Session.RateAsync(group, caseStudy, 5)).EnsureSuccessStatusCode();

        var anyone = app.CreateSession();
        (await anyone.TitlesAsync(group)).ShouldBe(["Case C", "Lesson B", "Syllabus A"]);
        (await anyone.TitlesAsync(group, "?kind=Syllabus")).ShouldBe(["Syllabus A"]);
        (await anyone.TitlesAsync(group, "?tag=CAREERS")).ShouldBe(["Lesson B", "Syllabus A"]);
        (await anyone.TitlesAsync(group, "?vetted=true")).ShouldBe(["Syllabus A"]);
        (await anyone.TitlesAsync(group, "?minRating=4")).ShouldBe(["Case C"]);

        var first = await (await anyone.GetAsync($"{ResourceApi.Resources(group)}?limit=2")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        (await anyone.TitlesAsync(group, $"?limit=2&cursor={cursor}")).ShouldBe(["Syllabus A"]);
        (await (await anyone.GetAsync($"{ResourceApi.Resources(group)}?kind=Poem")).ProblemAsync(400)).ErrorFields().ShouldBe(["kind"]);
        (await (await anyone.GetAsync($"{ResourceApi.Resources(group)}?cursor=forged")).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_4xx_and_changes_nothing()
    {
        var sponsor = await app.RegisterConfirmedAsync("Resource Bad Sponsor");
        var contributor = await app.RegisterConfirmedAsync("Resource Bad Contributor");
        var group = await sponsor.CreateWikiGroupAsync();
        await contributor.JoinWithRolesAsync(sponsor, group, "Contributor");
        var resource = await sponsor.ResourceIdAsync(group, "Stable resource");

        (await (await sponsor.Session.SubmitAsync(group, "Script", "javascript:alert(1)")).ProblemAsync(400)).ErrorFields().ShouldBe(["url"]);
        (await (await sponsor.Session.SubmitAsync(group, "Data", "data:text/html,hi")).ProblemAsync(400)).ErrorFields().ShouldBe(["url"]);
        (await (await sponsor.Session.SubmitAsync(group, "Relative", "/etc/passwd")).ProblemAsync(400)).ErrorFields().ShouldBe(["url"]);
        (await (await sponsor.Session.SubmitAsync(group, "No address", null)).ProblemAsync(400)).ErrorFields().ShouldBe(["url"]);
        (await (await sponsor.Session.SubmitAsync(group, "")).ProblemAsync(400)).ErrorFields().ShouldBe(["title"]);
        (await (await sponsor.Session.SubmitAsync(group, "Odd kind", kind: "Poem")).ProblemAsync(400)).ErrorFields().ShouldBe(["kind"]);
        (await (await sponsor.Session.SubmitAsync(group, "Many tags", tags: [.. Enumerable.Range(1, 11).Select(i => $"t{i}")])).ProblemAsync(400))
            .ErrorFields().ShouldBe(["tags"]);
        (await (await sponsor.Session.RateAsync(group, resource, 7)).ProblemAsync(400)).ErrorFields().ShouldBe(["stars"]);
        (await (await sponsor.Session.RateAsync(group, resource, 0)).ProblemAsync(400)).ErrorFields().ShouldBe(["stars"]);
        (await (await sponsor.Session.FlagAsync(group, resource, "Other")).ProblemAsync(400)).ErrorFields().ShouldBe(["note"]);
        (await (await sponsor.Session.FlagAsync(group, resource, "Boring")).ProblemAsync(400)).ErrorFields().ShouldBe(["concern"]);
        await (await contributor.Session.VetAsync(group, resource)).ProblemAsync(403);
        (await sponsor.Session.RateAsync(group, Guid.NewGuid(), 3)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await sponsor.Session.TitlesAsync(group)).ShouldBe(["Stable resource"]);
        var unchanged = await sponsor.Session.ReadResourceAsync(group, resource);
        unchanged.GetProperty("ratingCount").GetInt32().ShouldBe(0);
        unchanged.GetProperty("concerns").GetArrayLength().ShouldBe(0);
        unchanged.GetProperty("vetted").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_members_only_groups_resources_are_not_found_by_outsiders()
    {
        var sponsor = await app.RegisterConfirmedAsync("Private Resource Sponsor");
        var outsider = await app.RegisterConfirmedAsync("Private Resource Outsider");
        var secret = await sponsor.CreateWikiGroupAsync("Secret");
        var resource = await sponsor.ResourceIdAsync(secret, "Hidden guide");

        (await outsider.Session.GetAsync(ResourceApi.Resource(secret, resource))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Session.GetAsync(ResourceApi.Resource(secret, Guid.NewGuid()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.Session.RateAsync(secret, resource, 5)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_resource_is_found_by_search_with_its_tags()
    {
        var sponsor = await app.RegisterConfirmedAsync("Resource Search Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var word = SearchApi.Word();
        var resource = await sponsor.ResourceIdAsync(group, $"Guide to {word}");

        var found = await app.CreateSession().EventuallyResultsAsync(word, r => r.Count == 1, "the resource in search");
        found[0].Kind().ShouldBe("resource");
        found[0].Id().ShouldBe(resource);
        found[0].Path().ShouldEndWith($"/resources/{resource}");
    }
}
