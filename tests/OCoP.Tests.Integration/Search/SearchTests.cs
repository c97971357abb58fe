using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Search;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Search;

/// <summary>Issue 15, item 1: search through the HTTP API, from the events the modules publish, with visibility as the pages decide it.</summary>
public sealed class SearchTests(SearchTests.App app) : IClassFixture<SearchTests.App>
{
    public sealed class App : OCoPApp
    {
        public const string AdministratorEmail = "search-admin@example.org";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Discussions:PostsPerMinute"] = "100000",
            ["Membership:SiteAdministrators:0"] = AdministratorEmail,
        };
    }

    [Fact]
    public async Task Search_finds_topics_replies_people_and_groups_and_ranks_a_title_match_first()
    {
        var word = SearchApi.Word();
        var sponsor = await app.RegisterConfirmedAsync("Search Sponsor");
        var replier = await app.RegisterConfirmedAsync("Search Replier");
        var group = await sponsor.CreateGroupAsync($"Guild {word}");
        await sponsor.WaitForViewerAsync(group, v => v.GetProperty("canModerate").GetBoolean());
        await replier.JoinForumAsync(group);
        var inBody = await sponsor.StartTopicNumberAsync(group, "Lesson openings", $"We tried {word} in three classes and it worked.");
        var inTitle = await sponsor.StartTopicNumberAsync(group, $"Why {word} matters", "A short note on openings.");
        var reply = await replier.ReplyNumberAsync(group, inBody, $"I use {word} every Monday <b>bold</b>.");

        var anonymous = app.CreateClient();
        var results = await anonymous.EventuallyResultsAsync(word, r => r.Count(x => x.Kind() is "topic" or "post") == 3,
            "both topics and the reply in the index");
        var first = results.First(r => r.Kind() is "topic" or "post");
        first.GetProperty("title").GetString().ShouldBe($"Why {word} matters");
        first.Path().ShouldEndWith($"/topics/{inTitle}");
        var replied = results.Single(r => r.Kind() == "post");
        replied.Path().ShouldEndWith($"/topics/{inBody}/posts/{reply}");
        replied.GetProperty("context").GetString().ShouldBe("Lesson openings");
        replied.GetProperty("authorName").GetString().ShouldBe("Search Replier");
        // The snippet is escaped text with the matches marked, nothing else.
        var snippet = replied.GetProperty("snippet").GetString()!;
        snippet.ShouldContain($"<mark>{word}</mark>");
        snippet.ShouldNotContain("<b>");
        (await anonymous.GetAsync(replied.Path())).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The group by its name; prefix and phrase queries.
        results.ShouldContain(r => r.Kind() == "group" && r.Id() == group);
        (await anonymous.ResultsAsync(word[..7] + "*", "&kind=topic")).Select(r => r.Path()).ShouldContain(p => p.EndsWith($"/topics/{inTitle}"));
        (await anonymous.ResultsAsync($"\"{word} matters\"", "&kind=topic,post")).Select(r => r.Path()).ShouldBe([first.Path()]);
        (await anonymous.ResultsAsync($"{word} -monday", "&kind=post,topic")).Count.ShouldBe(2);

        // Filters: kind, author, date order, a date range, a group.
        (await anonymous.ResultsAsync(word, "&kind=post")).Select(r => r.Id()).ShouldBe([replied.Id()]);
        (await anonymous.ResultsAsync(word, $"&authorId={replier.Id}")).Select(r => r.Kind()).ShouldBe(["post"]);
        (await anonymous.ResultsAsync(word, "&kind=topic,post&sort=date")).Select(r => r.Kind()).ShouldBe(["post", "topic", "topic"]);
        (await anonymous.ResultsAsync(word, $"&groupId={Guid.NewGuid()}")).ShouldBeEmpty();
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        (await anonymous.ResultsAsync(word, $"&from={future}")).ShouldBeEmpty();

        // Keyset pages of one continue without repeats, in the same order.
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await anonymous.SearchAsync(word, $"&kind=topic,post&limit=1{(cursor is null ? "" : $"&cursor={cursor}")}");
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.Id()));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null && ids.Count < 10);

        ids.ShouldBe(results.Where(r => r.Kind() is "topic" or "post").Select(r => r.Id()).ToList());
    }

    [Fact]
    public async Task People_are_found_by_expertise_and_by_a_misspelt_name_by_members_only()
    {
        var word = SearchApi.Word();
        var expert = await app.RegisterConfirmedAsync("Wilhelmina Quarrington");
        (await expert.Session.PutAsJsonAsync("/api/membership/members/me",
            new { displayName = "Wilhelmina Quarrington", expertise = new[] { $"{word} lessons" }, interests = new[] { "field trips" } }))
            .EnsureSuccessStatusCode();
        var searcher = await app.RegisterConfirmedAsync("People Searcher");

        var found = await searcher.Session.EventuallyResultsAsync(word, r => r.Any(x => x.Id() == expert.Id), "the expert's profile in the index");
        var person = found.Single(r => r.Id() == expert.Id);
        person.Kind().ShouldBe("member");
        person.Path().ShouldBe($"/members/{expert.Id}");
        (await searcher.Session.ResultsAsync("wilhelmena quarington", "&kind=member")).Select(r => r.Id()).ShouldContain(expert.Id);
        (await app.CreateClient().ResultsAsync(word)).ShouldNotContain(r => r.Kind() == "member");
    }

    public enum Actor { Anonymous, Outsider, Member, FormerMember }

    [Fact]
    public async Task Nobody_finds_what_they_may_not_read_members_only_secret_hidden_or_deleted()
    {
        var word = SearchApi.Word();
        var sponsor = await app.RegisterConfirmedAsync("Visibility Sponsor");
        var member = await app.RegisterConfirmedAsync("Visibility Member");
        var former = await app.RegisterConfirmedAsync("Visibility Former");
        var outsider = await app.RegisterConfirmedAsync("Visibility Outsider");

        var open = await sponsor.CreateGroupAsync($"Open {word}");
        var closed = await sponsor.CreateGroupAsync($"Closed {word}", "MembersOnly");
        var secret = await sponsor.CreateGroupAsync($"Hush {word}", "MembersOnly");
        foreach (var group in new[] { open, closed, secret })
        {
            await sponsor.WaitForViewerAsync(group, v => v.GetProperty("canModerate").GetBoolean());
            await member.JoinForumAsync(group);
            await former.JoinForumAsync(group);
        }

        (await sponsor.SettingsAsync(secret, visibility: "Secret", joinPolicy: "ByInvitation")).EnsureSuccessStatusCode();
        var content = new Dictionary<string, string>();
        foreach (var (kind, group) in new[] { ("public", open), ("members-only", closed), ("secret", secret) })
        {
            content[kind] = $"{kind} {word}";
            await sponsor.StartTopicNumberAsync(group, content[kind], "Opening post.");
        }

        var hiddenTopic = await sponsor.StartTopicNumberAsync(open, "Host topic", "Replies below.");
        var hidden = await (await member.ReplyAsync(open, hiddenTopic, $"Buy {word} now at my shop.")).JsonAsync();
        var deletedTopic = await sponsor.StartTopicNumberAsync(open, $"Deleted {word}", "Soon gone.");

        // Everything is indexed before the removals, so the test sees them remove something.
        var all = await sponsor.Session.EventuallyResultsAsync(word, r => r.Count(x => x.Kind() is "topic" or "post") == 5, "all five in the index");
        all.Count(x => x.Kind() == "group").ShouldBe(3);
        (await sponsor.ReviewAsync(open, hidden.GetProperty("postId").GetGuid(), "Hide", message: "Advertising.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sponsor.Session.PostAsJsonAsync($"{DiscussionsApi.Post(open, deletedTopic, 1)}/delete", new { reason = "Duplicate" })).EnsureSuccessStatusCode();
        foreach (var group in new[] { open, closed, secret })
        {
            (await former.Session.PostAsync($"/api/membership/groups/{group}/leave", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var readers = new Dictionary<Actor, HttpClient>
        {
            [Actor.Anonymous] = app.CreateClient(), [Actor.Outsider] = outsider.Session, [Actor.Member] = member.Session, [Actor.FormerMember] = former.Session,
        };
        var expected = new Dictionary<Actor, string[]>
        {
            [Actor.Anonymous] = ["public"],
            [Actor.Outsider] = ["public"],
            [Actor.Member] = ["public", "members-only", "secret"],
            [Actor.FormerMember] = ["public"],
        };
        foreach (var (actor, reader) in readers)
        {
            var wanted = expected[actor].Select(k => content[k]).Order().ToArray();
            // By title: a hidden reply or a deleted topic would show up as one more title ("" for a reply, "Deleted ..." for the topic).
            var found = await reader.EventuallyResultsAsync(word, r => r.Where(x => x.Kind() is "topic" or "post").Select(x => x.GetProperty("title").GetString()!)
                    .Order().SequenceEqual(wanted),
                $"{actor} to find exactly {string.Join(", ", expected[actor])}");
            // Groups: a members-only group is listed for everyone, a secret one only for its members.
            found.Where(x => x.Kind() == "group").Select(x => x.Id()).Order()
                .ShouldBe((actor == Actor.Member ? new[] { open, closed, secret } : [open, closed]).Order(), $"{actor}'s groups");
            foreach (var kind in new[] { "post", "topic" })
            {
                (await reader.ResultsAsync(word, $"&kind={kind}&groupId={secret}")).ShouldAllBe(_ => actor == Actor.Member, $"{actor}, {kind} of the secret group");
            }
        }
    }

    [Fact]
    public async Task Relevance_ranks_the_newest_matches_and_older_ones_are_reached_by_date_or_a_narrower_search()
    {
        // RankedMatches + 1 entries with one word, written to the index as its handlers write them: the oldest has the
        // word in its title (the best rank of all) and falls just outside the ranked window.
        var word = SearchApi.Word();
        var author = Guid.NewGuid();
        var oldest = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IEngagementStore>();
            var setup = await SearchIndex.EnsureAsync(store, scope.ServiceProvider.GetRequiredService<IConfiguration>());
            await using var session = store.LightweightSession();
            SearchIndex.Upsert(session, setup, new SearchEntry(oldest, "topic", null, null, author, $"All about {word}", "Long ago.",
                null, [], "/oldest", false, start, start));
            for (var i = 1; i <= SearchContent.RankedMatches; i++)
            {
                var at = start.AddMinutes(i);
                SearchIndex.Upsert(session, setup, new SearchEntry(Guid.NewGuid(), "topic", null, null, Guid.NewGuid(), $"Note {i}",
                    $"In passing, {word}.", null, [], $"/note/{i}", false, at, at));
            }

            await session.SaveChangesAsync();
        }

        var client = app.CreateClient();
        var byRelevance = await client.ResultsAsync(word, "&limit=100");
        byRelevance.Count.ShouldBe(100);
        byRelevance.ShouldNotContain(r => r.Id() == oldest);
        var before = Uri.EscapeDataString(start.AddSeconds(1).ToString("O"));
        (await client.ResultsAsync(word, $"&sort=date&to={before}")).Select(r => r.Id()).ShouldBe([oldest]);
        (await client.ResultsAsync(word, $"&authorId={author}")).Select(r => r.Id()).ShouldBe([oldest]);
    }

    [Fact]
    public async Task Bad_input_is_a_clear_400_or_an_empty_result_never_a_server_error()
    {
        var client = app.CreateClient();
        await (await client.GetAsync(SearchApi.Url(new string('a', 10_000)))).ProblemAsync(400);
        await (await client.GetAsync("/api/engagement/search")).ProblemAsync(400);
        await (await client.GetAsync(SearchApi.Url("   "))).ProblemAsync(400);
        (await client.ResultsAsync("the of and a")).ShouldBeEmpty();
        (await client.ResultsAsync("!!! ;; -- ** \"\" ()")).ShouldBeEmpty();
        (await client.ResultsAsync("'; drop table engagement.search_entries; -- OR 1=1")).ShouldNotBeNull();
        (await client.ResultsAsync("a:* & !b | <-> \\ '")).ShouldNotBeNull();
        (await (await client.GetAsync(SearchApi.Url("lessons", "&kind=banana"))).ProblemAsync(400)).ErrorFields().ShouldBe(["kind"]);
        (await (await client.GetAsync(SearchApi.Url("lessons", "&sort=sideways"))).ProblemAsync(400)).ErrorFields().ShouldBe(["sort"]);
        (await (await client.GetAsync(SearchApi.Url("lessons", "&groupId=not-a-guid"))).ProblemAsync(400)).ErrorFields().ShouldBe(["groupId"]);
        (await (await client.GetAsync(SearchApi.Url("lessons", "&from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z"))).ProblemAsync(400))
            .ErrorFields().ShouldBe(["to"]);
        (await (await client.GetAsync(SearchApi.Url("lessons", "&cursor=forged"))).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);

        // A cursor from another search is refused, not silently applied to this one.
        var word = SearchApi.Word();
        var sponsor = await app.RegisterConfirmedAsync("Cursor Sponsor");
        var group = await sponsor.CreateForumAsync();
        await sponsor.StartTopicNumberAsync(group, $"First {word}", "One.");
        await sponsor.StartTopicNumberAsync(group, $"Second {word}", "Two.");
        await client.EventuallyResultsAsync(word, r => r.Count(x => x.Kind() == "topic") == 2, "both topics");
        var cursor = (await client.SearchAsync(word, "&kind=topic&limit=1")).GetProperty("nextCursor").GetString();
        cursor.ShouldNotBeNull();
        (await (await client.GetAsync(SearchApi.Url("other words", $"&cursor={cursor}"))).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);
        (await (await client.GetAsync(SearchApi.Url(word, $"&kind=topic&sort=date&cursor={cursor}"))).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);
    }

    [Fact]
    public async Task Find_an_expert_names_members_whose_profile_or_accepted_answers_match()
    {
        var word = SearchApi.Word();
        var asker = await app.RegisterConfirmedAsync("Expert Asker");
        var answerer = await app.RegisterConfirmedAsync("Expert Answerer");
        var profiled = await app.RegisterConfirmedAsync("Expert Profiled");
        (await profiled.Session.PutAsJsonAsync("/api/membership/members/me", new { displayName = "Expert Profiled", expertise = new[] { word } }))
            .EnsureSuccessStatusCode();
        var group = await asker.CreateForumAsync();
        await answerer.JoinForumAsync(group);
        var question = await asker.StartTopicNumberAsync(group, "How to teach this?", "Any ideas?", kind: "Question");
        var answer = await answerer.ReplyNumberAsync(group, question, $"Start with {word} and a question.");
        await answerer.ReplyNumberAsync(group, question, "Also: patience.");
        (await asker.AcceptAnswerAsync(group, question, answer)).EnsureSuccessStatusCode();

        List<JsonElement> experts = [];
        await Eventually.TrueAsync(async () =>
        {
            experts = (await (await asker.Session.GetAsync($"/api/engagement/search/experts?q={word}")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();
            return experts.Count == 2 && experts.Any(e => e.GetProperty("acceptedAnswers").GetInt32() == 1);
        }, "both experts found");
        var byAnswer = experts.Single(e => e.GetProperty("memberId").GetGuid() == answerer.Id);
        byAnswer.GetProperty("acceptedAnswers").GetInt32().ShouldBe(1);
        byAnswer.GetProperty("name").GetString().ShouldBe("Expert Answerer");
        experts.Single(e => e.GetProperty("memberId").GetGuid() == profiled.Id).GetProperty("profileMatches").GetBoolean().ShouldBeTrue();
        await (await app.CreateClient().GetAsync($"/api/engagement/search/experts?q={word}")).ProblemAsync(401);
        await (await asker.Session.GetAsync("/api/engagement/search/experts?q=")).ProblemAsync(400);
    }

    [Fact]
    public async Task A_member_who_changes_their_name_is_found_by_the_new_one_and_their_posts_show_it()
    {
        // Names are not copied into content rows: a result's author and group names are read when searching, so a
        // rename needs no re-indexing of what the member wrote (groups are not renamed; docs/search.md).
        var word = SearchApi.Word();
        var author = await app.RegisterConfirmedAsync("Ottoline Quisterwood");
        var group = await author.CreateForumAsync();
        await author.StartTopicNumberAsync(group, $"Renaming {word}", "Before the new name.");
        var client = author.Session;
        await client.EventuallyResultsAsync(word, r => r.Any(x => x.Kind() == "topic"), "the topic");
        await client.EventuallyResultsAsync("Ottoline Quisterwood", r => r.Any(x => x.Id() == author.Id), "the author by name");

        var renamed = $"Zebedee {word}";
        (await author.Session.PutAsJsonAsync("/api/membership/members/me", new { displayName = renamed })).EnsureSuccessStatusCode();
        var found = await client.EventuallyResultsAsync(renamed, r => r.Any(x => x.Kind() == "member" && x.Id() == author.Id), "the new name found");
        found.Single(x => x.Kind() == "member").GetProperty("title").GetString().ShouldBe(renamed);
        await client.EventuallyResultsAsync("Ottoline Quisterwood", r => !r.Any(x => x.Id() == author.Id), "the old name no longer finding the member");
        var topic = (await client.EventuallyResultsAsync(word, r => r.Any(x => x.Kind() == "topic"), "the topic")).Single(x => x.Kind() == "topic");
        topic.GetProperty("authorName").GetString().ShouldBe(renamed);
    }

    [Fact]
    public async Task Rebuilding_the_index_from_scratch_finds_the_same_content_and_never_the_hidden()
    {
        var word = SearchApi.Word();
        // The administrator registers first: the first member of a fresh database would otherwise be made one.
        var admin = await AdministratorAsync();
        var sponsor = await app.RegisterConfirmedAsync("Rebuild Sponsor");
        var group = await sponsor.CreateGroupAsync($"Rebuilt {word}");
        await sponsor.WaitForViewerAsync(group, v => v.GetProperty("canModerate").GetBoolean());
        var topic = await sponsor.StartTopicNumberAsync(group, $"Rebuilt {word}", "Still here after a rebuild.");
        var hidden = await (await sponsor.ReplyAsync(group, topic, $"Hidden {word} reply.")).JsonAsync();
        var client = app.CreateClient();
        await client.EventuallyResultsAsync(word, r => r.Count(x => x.Kind() is "topic" or "post") == 2, "topic and reply indexed");
        (await sponsor.ReviewAsync(group, hidden.GetProperty("postId").GetGuid(), "Hide", message: "Hidden.")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await client.EventuallyResultsAsync(word, r => r.Count(x => x.Kind() is "topic" or "post") == 1, "the reply hidden");

        await (await sponsor.Session.PostAsync("/api/engagement/search/rebuild", null)).ProblemAsync(403);
        var rebuilt = await admin.Session.PostAsync("/api/engagement/search/rebuild", null);
        rebuilt.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await app.MessagesHandledAsync((await rebuilt.JsonAsync()).GetProperty("rebuildId").GetGuid(), "the rebuild");
        var results = await client.EventuallyResultsAsync(word, r => r.Count(x => x.Kind() is "topic" or "post") == 1 && r.Any(x => x.Id() == group),
            "the topic and its group back in the index");
        results.Single(x => x.Kind() == "topic").Path().ShouldEndWith($"/topics/{topic}");
    }

    private async Task<TestMember> AdministratorAsync()
    {
        var session = app.CreateSession();
        var registered = await session.PostAsJsonAsync("/api/membership/account/register",
            new { email = App.AdministratorEmail, password = Members.Password, displayName = "Search Admin" });
        var memberId = await registered.RegisteredIdAsync();
        var (_, token) = await Members.ConfirmationLinkAsync(app, App.AdministratorEmail, memberId);
        await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token });
        (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = App.AdministratorEmail, password = Members.Password }))
            .EnsureSuccessStatusCode();
        return new TestMember(memberId, App.AdministratorEmail, Members.Password, "Search Admin", session);
    }
}
