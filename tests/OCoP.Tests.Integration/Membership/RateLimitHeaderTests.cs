using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// Every 429 tells the client when to come back (Retry-After) and which quota it ran into (RateLimit-Policy and
/// RateLimit, draft-ietf-httpapi-ratelimit-headers-09): the host's request limiter and the forum's posting limits alike.
/// </summary>
public sealed class AccountRateLimitHeaderTests(AccountRateLimitHeaderTests.App app) : IClassFixture<AccountRateLimitHeaderTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:AccountPermitsPerMinute"] = "3" };
    }

    [Fact]
    public async Task Throttled_sign_in_attempts_name_the_account_policy_and_when_to_retry()
    {
        var client = app.CreateClient();
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            response = await client.PostAsJsonAsync(TokensApi.SignIn, new { email = "guess@example.org", password = "guess guess guess" });
            attempts++;
        }
        while ((int)response.StatusCode != 429 && attempts <= 4);

        await response.ProblemAsync(429);
        var (quota, window, remaining, reset) = RateLimitHeaders.Of(response, "account");
        (quota, window, remaining).ShouldBe((3, 60, 0));
        reset.ShouldBeInRange(0, 60);
        RateLimitHeaders.RetryAfterSeconds(response).ShouldBe(reset);
    }
}

public sealed class PostingRateLimitHeaderTests(PostingRateLimitHeaderTests.App app) : IClassFixture<PostingRateLimitHeaderTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Discussions:PostsPerMinute"] = "2",
            ["Discussions:NewMembers:Topics"] = "1",
        };
    }

    [Fact]
    public async Task Too_many_posts_a_minute_name_the_posts_policy_and_when_to_retry()
    {
        var facilitator = await RegisterAsync("Fast Writer");
        var group = await facilitator.CreateForumAsync();
        var topic = await facilitator.StartTopicNumberAsync(group, "Quick one", "First.");
        (await facilitator.ReplyAsync(group, topic, "Second.")).EnsureSuccessStatusCode();

        var refused = await facilitator.ReplyAsync(group, topic, "Third, too soon.");
        (await refused.ProblemAsync(429)).GetProperty("title").GetString().ShouldBe("Too many posts");
        var (quota, window, remaining, reset) = RateLimitHeaders.Of(refused, "posts");
        (quota, window, remaining).ShouldBe((2, 60, 0));
        reset.ShouldBeInRange(1, 60);
        RateLimitHeaders.RetryAfterSeconds(refused).ShouldBe(reset);
    }

    [Fact]
    public async Task A_new_member_beyond_the_first_day_allowance_is_told_the_policy_and_when_to_retry()
    {
        var facilitator = await RegisterAsync("Host");
        var group = await facilitator.CreateForumAsync();
        var newcomer = await RegisterAsync("Newcomer");
        await newcomer.JoinForumAsync(group);
        (await newcomer.StartTopicAsync(group, "Hello", "I am new.")).EnsureSuccessStatusCode();

        var refused = await newcomer.StartTopicAsync(group, "Hello again", "Still new.");
        (await refused.ProblemAsync(429)).GetProperty("title").GetString().ShouldBe("New member limit");
        var (quota, window, remaining, reset) = RateLimitHeaders.Of(refused, "new-member-topics");
        (quota, window, remaining).ShouldBe((1, 86_400, 0));
        reset.ShouldBeInRange(86_000, 86_400);
        RateLimitHeaders.RetryAfterSeconds(refused).ShouldBe(reset);
    }

    private Task<TestMember> RegisterAsync(string name) => app.RegisterConfirmedAsync(name);
}

/// <summary>Reads the draft-09 RateLimit-Policy and RateLimit fields of a response.</summary>
internal static partial class RateLimitHeaders
{
    public static (int Quota, int Window, int Remaining, int Reset) Of(HttpResponseMessage response, string policy)
    {
        var policyField = response.Headers.GetValues("RateLimit-Policy").ShouldHaveSingleItem();
        var policyMatch = PolicyField().Match(policyField);
        policyMatch.Success.ShouldBeTrue(policyField);
        policyMatch.Groups["name"].Value.ShouldBe(policy);

        var stateField = response.Headers.GetValues("RateLimit").ShouldHaveSingleItem();
        var stateMatch = StateField().Match(stateField);
        stateMatch.Success.ShouldBeTrue(stateField);
        stateMatch.Groups["name"].Value.ShouldBe(policy);
        return (int.Parse(policyMatch.Groups["q"].Value), int.Parse(policyMatch.Groups["w"].Value),
            int.Parse(stateMatch.Groups["r"].Value), int.Parse(stateMatch.Groups["t"].Value));
    }

    public static int RetryAfterSeconds(HttpResponseMessage response) => (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;

    [GeneratedRegex("""^"(?<name>[a-z-]+)";q=(?<q>\d+);w=(?<w>\d+)$""")]
    private static partial Regex PolicyField();

    [GeneratedRegex("""^"(?<name>[a-z-]+)";r=(?<r>\d+);t=(?<t>\d+)$""")]
    private static partial Regex StateField();
}
