using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OCoP.Modules.Discussions.Demo;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Knowledge;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The order the other demo tests cannot choose (issue 14): the Events demo's reflection topic reaches the Careers forum
/// before Discussions' demo seeding runs. The demo discussions must still be written, after it, and the demo wiki must
/// still find the demo question (now topic 3). Discussions' seeder is held back here until the reflection topic is there.
/// </summary>
public sealed class DemoForumOrderTests(DemoForumOrderTests.App app) : IClassFixture<DemoForumOrderTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:Seed"] = "true" };

        protected override void ConfigureTestServices(IServiceCollection services)
        {
            // Not started with the host: the test starts it once the reflection topic is in the forum.
            services.Remove(services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(DemoDiscussions)));
            services.AddSingleton<DemoDiscussions>();
        }
    }

    private const string Question = "Which labour-market sources do you trust for adult career changers?";

    [Fact]
    public async Task The_demo_discussions_are_written_after_a_reflection_topic_that_came_first_and_the_wiki_finds_the_question_by_title()
    {
        var anonymous = app.CreateClient();
        var careers = (await (await anonymous.GetAsync("/api/membership/groups/by-slug/career-guidance-practitioners")).JsonAsync()).GetProperty("id").GetGuid();

        // The reflection topic first: the forum's only topic, number 1.
        List<JsonElement> topics = [];
        await Eventually.TrueAsync(async () =>
        {
            var response = await anonymous.GetAsync($"/api/discussions/groups/{careers}/topics");
            topics = response.IsSuccessStatusCode ? (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList() : [];
            return topics.Count > 0;
        }, "the demo's reflection topic", TimeSpan.FromSeconds(90));
        var reflection = topics.ShouldHaveSingleItem();
        reflection.GetProperty("title").GetString()!.ShouldStartWith("Reflection: Case clinic: clients changing sector (");
        reflection.GetProperty("number").GetInt32().ShouldBe(1);

        // Then Discussions' demo (its task ends once it has written, or given up): its three topics follow the reflection topic.
        var seeder = app.Services.GetRequiredService<DemoDiscussions>();
        await SeedAsync(seeder);
        topics = await anonymous.ItemsAsync($"/api/discussions/groups/{careers}/topics");
        var numbers = topics.ToDictionary(t => t.GetProperty("title").GetString()!, t => t.GetProperty("number").GetInt32());
        numbers.Count.ShouldBe(4);
        numbers["Welcome to the case clinic"].ShouldBe(2);
        numbers[Question].ShouldBe(3);
        numbers["When shall we hold the next case clinic?"].ShouldBe(4);
        topics[0].GetProperty("title").GetString().ShouldBe("Welcome to the case clinic"); // pinned first
        var question = await (await anonymous.GetAsync($"/api/discussions/groups/{careers}/topics/3")).JsonAsync();
        question.GetProperty("topic").GetProperty("acceptedAnswer").GetProperty("authorName").GetString().ShouldBe("Elena Rossi");

        // Started again (a restart), it recognises its own topics and adds nothing.
        await SeedAsync(seeder);
        (await anonymous.ItemsAsync($"/api/discussions/groups/{careers}/topics")).Count.ShouldBe(4);

        // The demo wiki captured the question from its number now, 3.
        await Eventually.TrueAsync(async () => (await anonymous.GetAsync(WikiApi.Page(careers, "labour-market-sources"))).IsSuccessStatusCode,
            "the demo wiki's captured page", TimeSpan.FromSeconds(90));
        var captured = await anonymous.ReadPageAsync(careers, "labour-market-sources");
        captured.GetProperty("source").GetString()!.ShouldContain("/groups/career-guidance-practitioners/topics/3)");
        captured.GetProperty("source").GetString()!.ShouldContain("Accepted answer, by Elena Rossi");
    }

    private static async Task SeedAsync(DemoDiscussions seeder)
    {
        await seeder.StartAsync(TestContext.Current.CancellationToken);
        await seeder.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        await seeder.StopAsync(TestContext.Current.CancellationToken);
    }
}
