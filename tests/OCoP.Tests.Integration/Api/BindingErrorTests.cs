using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Api;

/// <summary>
/// Input the framework cannot bind (a word where a number goes, a body that is not JSON, a value outside an enum) is a 400
/// problem that names the field as the API spells it, never a C# type or parameter declaration.
/// </summary>
public sealed class BindingErrorTests(SharedOCoPApp app)
{
    [Theory]
    [InlineData("/api/membership/groups?limit=abc", "limit")]
    [InlineData("/api/membership/groups?limit=99999999999", "limit")]
    [InlineData("/api/engagement/members/00000000-0000-0000-0000-000000000001/activity?limit=ten", "limit")]
    public async Task A_query_parameter_of_the_wrong_type_is_a_400_naming_the_parameter(string url, string field)
    {
        var response = await app.CreateClient().GetAsync(url);

        var problem = await ReadableProblemAsync(response);
        problem.ErrorFields().ShouldBe([field]);
    }

    [Fact]
    public async Task A_query_parameter_of_the_wrong_type_is_named_for_signed_in_members_too()
    {
        var member = await app.RegisterConfirmedAsync("Binding Reader");
        var group = await member.CreateGroupAsync("Binding");

        (await ReadableProblemAsync(await member.Session.GetAsync("/api/engagement/feed?limit=abc"))).ErrorFields().ShouldBe(["limit"]);
        (await ReadableProblemAsync(await member.Session.GetAsync("/api/engagement/notifications?unread=perhaps"))).ErrorFields().ShouldBe(["unread"]);
        (await ReadableProblemAsync(await member.Session.GetAsync($"/api/discussions/groups/{group}/topics?category=not-a-uuid"))).ErrorFields()
            .ShouldBe(["category"]);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_400_that_says_so_without_naming_types()
    {
        var member = await app.RegisterConfirmedAsync("Binding Writer");
        var response = await member.Session.PostAsync("/api/membership/groups", new StringContent("this is not JSON", Encoding.UTF8, "application/json"));

        var problem = await ReadableProblemAsync(response);
        problem.GetProperty("title").GetString().ShouldBe("The request body is not valid JSON.");
    }

    [Fact]
    public async Task An_unknown_enum_value_or_a_number_sent_as_a_string_is_a_400_naming_the_field()
    {
        var member = await app.RegisterConfirmedAsync("Binding Sponsor");

        var unknownVisibility = await member.Session.PostAsJsonAsync("/api/membership/groups",
            new { name = "Enum check", charter = GroupsApi.Charter(), visibility = "Hidden" });
        (await ReadableProblemAsync(unknownVisibility)).ErrorFields().ShouldBe(["visibility"]);

        var capacityAsText = await member.Session.PostAsJsonAsync("/api/membership/groups",
            new { name = "Number check", charter = GroupsApi.Charter(), capacity = "20" });
        (await ReadableProblemAsync(capacityAsText)).ErrorFields().ShouldBe(["capacity"]);

        var nested = await member.Session.PostAsJsonAsync("/api/membership/groups", new { name = "Nested check", charter = new { purpose = 7 } });
        (await ReadableProblemAsync(nested)).ErrorFields().ShouldBe(["charter.purpose"]);
    }

    [Fact]
    public async Task A_missing_body_is_a_400_problem()
    {
        var member = await app.RegisterConfirmedAsync("Binding Empty");
        var response = await member.Session.PostAsync("/api/membership/groups", new StringContent("", Encoding.UTF8, "application/json"));

        var problem = await ReadableProblemAsync(response);
        problem.GetProperty("title").GetString()!.ShouldNotBeNullOrWhiteSpace();
    }

    /// <summary>A 400 problem whose text names nothing of the implementation: no C# type, namespace or parameter declaration.</summary>
    private static async Task<JsonElement> ReadableProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(400);
        var text = problem.GetRawText();
        foreach (var leak in new[] { "Failed to bind", "Nullable", "Int32", "Boolean", "Guid ", "System.", "OCoP.", "parameter \"", "Command" })
        {
            text.ShouldNotContain(leak, Case.Sensitive, $"the problem names the implementation: {text}");
        }

        return problem;
    }
}
