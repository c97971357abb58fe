using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Api;

/// <summary>
/// The causes of the server errors found by generated requests (issue 18, item 1) answer 4xx problems naming the field:
/// control characters in stored text and in search parameters (docs/adr/0024-text-policy.md), an unknown charset on a JSON
/// body, and null where an object, a list or a list item is declared.
/// </summary>
public sealed class HostileInputTests(SharedOCoPApp app)
{
    private const string Nul = "\u0000";

    [Fact]
    public async Task A_NUL_in_a_display_name_at_registration_is_a_400_on_displayName()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/membership/account/register",
            new { email = Members.NewEmail(), password = "a long enough pass phrase", displayName = $"Nul{Nul}Name" });

        (await response.ProblemAsync(400)).ErrorFields().ShouldBe(["displayName"]);
    }

    [Fact]
    public async Task Control_characters_in_group_profile_token_and_topic_text_are_400s_naming_the_field()
    {
        var member = await app.RegisterConfirmedAsync("Control Characters");

        var group = await member.Session.PostAsJsonAsync("/api/membership/groups",
            new { name = $"Bad{Nul}", charter = new { purpose = $"Purpose{Nul}", audience = "A", cadence = "C", expectations = "E" } });
        (await group.ProblemAsync(400)).ErrorFields().ShouldBe(["charter.purpose", "name"]);

        var profile = await member.Session.PutAsJsonAsync("/api/membership/members/me",
            new { displayName = "Fine", bio = "Line\u0007bell", expertise = new[] { $"tag{Nul}" } });
        (await profile.ProblemAsync(400)).ErrorFields().ShouldBe(["bio", "expertise[0]"]);

        var token = await member.Session.PostAsJsonAsync("/api/membership/tokens", new { name = $"ci{Nul}", scopes = new[] { "read" }, expiresInDays = 30 });
        (await token.ProblemAsync(400)).ErrorFields().ShouldBe(["name"]);

        var groupId = await member.CreateGroupAsync("Control");
        var topic = await member.Session.PostAsJsonAsync($"{DiscussionsApi.Forum(groupId)}/topics", new
        {
            kind = "Discussion", title = "Fine title", body = "Fine body", tags = new[] { $"t{Nul}" },
            poll = new { question = $"Q{Nul}?", options = new[] { "yes", $"n{Nul}o" }, multipleChoice = false, anonymous = false },
        });
        (await topic.ProblemAsync(400)).ErrorFields().ShouldBe(["poll.options[1]", "poll.question", "tags[0]"]);

        // Tab, line feed and carriage return are text, not control: a multi-line bio is stored.
        var multiLine = await member.Session.PutAsJsonAsync("/api/membership/members/me", new { displayName = "Fine", bio = "One\r\n\tTwo" });
        multiLine.IsSuccessStatusCode.ShouldBeTrue(await multiLine.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/membership/groups?q=a%00b", "q")]
    [InlineData("/api/membership/members?q=%00", "q")]
    [InlineData("/api/membership/members?expertise=%00", "expertise")]
    [InlineData("/api/membership/members?interest=x%01", "interest")]
    [InlineData("/api/discussions/groups/00000000-0000-0000-0000-000000000001/topics?tag=%00", "tag")]
    public async Task A_control_character_in_a_search_parameter_is_a_400_naming_it(string url, string field)
    {
        var member = await app.RegisterConfirmedAsync("Searcher");

        var response = await member.Session.GetAsync(url);

        (await response.ProblemAsync(400)).ErrorFields().ShouldBe([field]);
    }

    [Theory]
    [InlineData("application/json; charset=klingon")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=\"\"")]
    public async Task A_JSON_body_in_an_unknown_or_other_charset_is_a_415_problem_even_for_anonymous_sign_in(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"email":"someone@example.org","password":"whatever it is"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await app.CreateClient().PostAsync("/api/membership/account/sign-in", content);

        await response.ProblemAsync(415);
    }

    [Fact]
    public async Task A_JSON_body_declared_utf8_is_read()
    {
        var content = new StringContent("""{"email":"nobody@example.org","password":"not the password"}""", Encoding.UTF8);
        content.Headers.ContentType = new("application/json") { CharSet = "UTF-8" };

        var response = await app.CreateClient().PostAsync("/api/membership/account/sign-in", content);

        ((int)response.StatusCode).ShouldBeOneOf(400, 401);
    }

    [Fact]
    public async Task Null_where_an_object_or_list_is_declared_is_a_400_naming_the_field()
    {
        var facilitator = await app.RegisterConfirmedAsync("Null Sender");
        var group = await facilitator.CreateGroupAsync("Nulls");

        var conduct = await facilitator.Session.PutAsync($"/api/membership/groups/{group}/code-of-conduct", Json("{}"));
        (await conduct.ProblemAsync(400)).ErrorFields().ShouldBe(["clauses"]);

        var orientation = await facilitator.Session.PutAsync($"/api/membership/groups/{group}/orientation", Json("""{"welcomeMarkdown":"Hi"}"""));
        (await orientation.ProblemAsync(400)).ErrorFields().ShouldBe(["checklist"]);

        var nullItem = await facilitator.Session.PutAsync($"/api/membership/groups/{group}/orientation", Json("""{"checklist":[null]}"""));
        (await nullItem.ProblemAsync(400)).ErrorFields().ShouldBe(["checklist[0]"]);

        var topics = await facilitator.Session.PutAsync($"/api/membership/groups/{group}/settings",
            Json("""{"visibility":"Public","joinPolicy":"Open","topics":[null]}"""));
        (await topics.ProblemAsync(400)).ErrorFields().ShouldBe(["topics[0]"]);

        var pollOption = await facilitator.Session.PostAsync($"{DiscussionsApi.Forum(group)}/topics",
            Json("""{"kind":"Discussion","title":"Pick","body":"One","poll":{"question":"Which?","options":["a",null],"multipleChoice":false,"anonymous":false}}"""));
        (await pollOption.ProblemAsync(400)).ErrorFields().ShouldBe(["poll.options[1]"]);

        // Nothing was stored on the way: the group still has no code of conduct and an empty checklist.
        var view = await facilitator.Session.GroupAsync(group);
        view.TryGetProperty("codeOfConduct", out var code).ShouldBeTrue();
        code.ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
