using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Outbox;

/// <summary>
/// A reply and its <see cref="PostCreated"/> event commit together or not at all, through the real reply handler. The
/// failure is real too: a trigger in the test database refuses marked posts, so the handler has already published the
/// event when its commit fails.
/// </summary>
public sealed class DiscussionOutboxTests(DiscussionOutboxTests.App app) : IClassFixture<DiscussionOutboxTests.App>
{
    private const string FailMark = "[fail-at-commit]";

    public sealed class App : OCoPApp
    {
        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.ConfigureWolverine(options => options.Discovery.IncludeType(typeof(PostCreatedProbe)));

        protected override async Task StartAsync()
        {
            await base.StartAsync(); // the host creates the discussions schema on start
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                create or replace function discussions.refuse_marked_posts() returns trigger language plpgsql as $$
                begin
                  if new.data->>'Source' like '%{FailMark}%' then
                    raise exception 'test: this commit fails after the handler published its event';
                  end if;
                  return new;
                end $$;
                create trigger refuse_marked_posts before insert on discussions.mt_doc_post
                  for each row execute function discussions.refuse_marked_posts();
                """, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_reply_whose_commit_fails_after_publishing_leaves_neither_the_post_nor_the_event()
    {
        var sponsor = await app.RegisterConfirmedAsync("Outbox Sponsor");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "Does the outbox hold?", "Let us see.");
        var topicId = (await app.CreateClient().TopicPageAsync(group, topic)).GetProperty("topic").GetProperty("id").GetGuid();

        // Both replies inside one tracked session: when it ends, every event either of them caused has been delivered.
        var landed = default(System.Text.Json.JsonElement);
        await app.WorkDoneAsync(async () =>
        {
            var failed = await sponsor.ReplyAsync(group, topic, $"This reply never lands {FailMark}");
            await failed.ProblemAsync(500);
            landed = await (await sponsor.ReplyAsync(group, topic, "This one lands.")).JsonAsync();
        });

        // The next reply gets the number the failed one would have had, and its event is the only one for that number.
        landed.GetProperty("number").GetInt32().ShouldBe(2);
        var landedId = landed.GetProperty("postId").GetGuid();
        await PostCreatedProbe.WaitForAsync(e => e.PostId == landedId);
        PostCreatedProbe.All(e => e.TopicId == topicId && e.PostNumber > 1).Select(e => e.PostId).ShouldBe([landedId]);

        var page = await app.CreateClient().TopicPageAsync(group, topic);
        page.GetProperty("posts").EnumerateArray().Select(p => p.GetProperty("html").GetString()).ShouldAllBe(html => !html!.Contains(FailMark));
        page.GetProperty("topic").GetProperty("replyCount").GetInt32().ShouldBe(1);
        page.GetProperty("topic").GetProperty("lastPostNumber").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task A_reply_that_commits_delivers_its_event_to_a_subscriber_in_another_assembly()
    {
        var sponsor = await app.RegisterConfirmedAsync("Outbox Poster");
        var group = await sponsor.CreateForumAsync();
        var topic = await sponsor.StartTopicNumberAsync(group, "Delivered once", "Opening.");
        var reply = await (await sponsor.ReplyAsync(group, topic, "Reply.", replyTo: 1)).JsonAsync();

        var received = await PostCreatedProbe.WaitForAsync(e => e.PostId == reply.GetProperty("postId").GetGuid());
        received.GroupId.ShouldBe(group);
        received.AuthorId.ShouldBe(sponsor.Id);
        received.PostNumber.ShouldBe(2);
        received.Path.ShouldEndWith($"/topics/{topic}/posts/2");
    }
}

/// <summary>Records the <see cref="PostCreated"/> events that reach it; included in Wolverine by this fixture only.</summary>
public static class PostCreatedProbe
{
    private static readonly ConcurrentQueue<PostCreated> Received = new();

    public static void Handle(PostCreated created) => Received.Enqueue(created);

    public static IReadOnlyList<PostCreated> All(Func<PostCreated, bool> match) => Received.Where(match).ToList();

    public static async Task<PostCreated> WaitForAsync(Func<PostCreated, bool> match)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Received.Any(match)), "a matching PostCreated event");
        return Received.First(match);
    }
}
