using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Membership;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// Cacheable GETs answer with a weak ETag over what this caller sees and 304 to a matching If-None-Match: the tag
/// changes with the content (a reply, their read position, the page asked for) and differs between callers who see
/// different things.
/// </summary>
public sealed class ConditionalGetTests(ConditionalGetTests.App app) : IClassFixture<ConditionalGetTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    [Fact]
    public async Task A_topic_page_is_not_modified_until_a_reply_changes_it()
    {
        var (facilitator, group, topic) = await TopicAsync("Facilitator");
        var url = DiscussionsApi.Topic(group, topic);

        var first = await facilitator.Session.GetAsync(url);
        var etag = ETagOf(first);
        etag.IsWeak.ShouldBeTrue();
        first.Headers.CacheControl!.Private.ShouldBeTrue();
        first.Headers.CacheControl.NoCache.ShouldBeTrue();
        first.Headers.Vary.ShouldBe(["Authorization", "Cookie"], ignoreOrder: true);

        var unchanged = await GetIfNoneMatchAsync(facilitator.Session, url, etag);
        unchanged.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        ETagOf(unchanged).ShouldBe(etag);
        (await unchanged.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();

        (await facilitator.ReplyAsync(group, topic, "A reply changes the page.")).EnsureSuccessStatusCode();
        var changed = await GetIfNoneMatchAsync(facilitator.Session, url, etag);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        ETagOf(changed).ShouldNotBe(etag);
        (await changed.JsonAsync()).PostNumbers().ShouldBe([1, 2]);

        var again = await GetIfNoneMatchAsync(facilitator.Session, url, ETagOf(changed));
        again.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Each_page_and_view_of_a_topic_has_its_own_tag()
    {
        var (facilitator, group, topic) = await TopicAsync("Pager");
        for (var i = 0; i < 3; i++)
        {
            (await facilitator.ReplyAsync(group, topic, $"Reply {i}.")).EnsureSuccessStatusCode();
        }

        var url = DiscussionsApi.Topic(group, topic);
        var tags = new List<EntityTagHeaderValue>();
        foreach (var query in new[] { "?limit=2", "?limit=2&page=2", "?view=threaded" })
        {
            tags.Add(ETagOf(await facilitator.Session.GetAsync(url + query)));
        }

        tags.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task A_member_s_own_read_position_changes_their_tag()
    {
        var (facilitator, group, topic) = await TopicAsync("Reader");
        (await facilitator.ReplyAsync(group, topic, "Second post.")).EnsureSuccessStatusCode();
        var url = DiscussionsApi.Topic(group, topic);
        var before = ETagOf(await facilitator.Session.GetAsync(url));

        (await facilitator.Session.PostAsJsonAsync($"{url}/read", new { postNumber = 2 })).EnsureSuccessStatusCode();

        var after = await GetIfNoneMatchAsync(facilitator.Session, url, before);
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await after.JsonAsync()).GetProperty("lastReadPostNumber").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Another_caller_who_sees_something_else_never_gets_304_for_the_first_caller_s_tag()
    {
        var (facilitator, group, topic) = await TopicAsync("Moderator");
        var url = DiscussionsApi.Topic(group, topic);
        var moderatorTag = ETagOf(await facilitator.Session.GetAsync(url));

        // An anonymous reader sees the same posts but not the moderator's rights: another representation, another tag.
        var anonymous = await GetIfNoneMatchAsync(app.CreateClient(), url, moderatorTag);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.OK);
        ETagOf(anonymous).ShouldNotBe(moderatorTag);
        (await anonymous.JsonAsync()).GetProperty("topic").GetProperty("viewer").GetProperty("canModerate").GetBoolean().ShouldBeFalse();

        // A member who joined sees their own rights and reactions: another tag again, and their own 304 works.
        var member = await app.RegisterConfirmedAsync("Joiner");
        await member.JoinForumAsync(group);
        var memberTag = ETagOf(await GetIfNoneMatchAsync(member.Session, url, moderatorTag));
        memberTag.ShouldNotBe(moderatorTag);
        memberTag.ShouldNotBe(ETagOf(anonymous));
        (await GetIfNoneMatchAsync(member.Session, url, memberTag)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Groups_and_member_profiles_answer_304_while_unchanged()
    {
        var facilitator = await app.RegisterConfirmedAsync("Profiled");
        var group = await facilitator.CreateForumAsync();
        foreach (var url in new[] { TokensApi.Group(group), DiscussionsApi.Forum(group), TokensApi.Member(facilitator.Id), TokensApi.Me })
        {
            var tag = ETagOf(await facilitator.Session.GetAsync(url));
            (await GetIfNoneMatchAsync(facilitator.Session, url, tag)).StatusCode.ShouldBe(HttpStatusCode.NotModified, url);
        }

        var profile = TokensApi.Member(facilitator.Id);
        var before = ETagOf(await facilitator.Session.GetAsync(profile));
        (await facilitator.Session.PutAsJsonAsync(TokensApi.Me, new { displayName = "Profiled Again" })).EnsureSuccessStatusCode();
        (await GetIfNoneMatchAsync(facilitator.Session, profile, before)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<(TestMember Facilitator, Guid Group, int Topic)> TopicAsync(string name)
    {
        var facilitator = await app.RegisterConfirmedAsync(name);
        var group = await facilitator.CreateForumAsync();
        return (facilitator, group, await facilitator.StartTopicNumberAsync(group));
    }

    private static EntityTagHeaderValue ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag.ShouldNotBeNull($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no ETag");

    private static Task<HttpResponseMessage> GetIfNoneMatchAsync(HttpClient client, string url, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request);
    }
}
