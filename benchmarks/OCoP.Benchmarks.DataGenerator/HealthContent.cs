using Marten;
using Npgsql;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Health;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>
/// The health dashboard's documents (docs/health.md) for the main group, the largest: its joins, topics, replies and
/// accepted answers are handed, in time order, to Engagement's own <see cref="GroupHealthHandler"/>, so the documents are
/// exactly those the events would have made. The dashboard shows the 30 days ending today, and generated time ends at
/// <see cref="CommunityPlan.Anchor"/>: the group's history is shifted to end on the day it is written, and written again
/// on a later day when a kept dataset is reused (<see cref="RefreshAsync"/>), so the period always holds a busy month.
/// </summary>
internal static class HealthContent
{
    public static async Task<int> WriteAsync(CommunityPlan plan, IEngagementStore engagement, string connectionString, DateOnly today,
        CancellationToken cancellationToken)
    {
        var main = plan.Groups[0];
        await using (var session = engagement.LightweightSession())
        {
            session.DeleteWhere<GroupDay>(d => d.GroupId == main.Id);
            session.DeleteWhere<HealthTopic>(t => t.GroupId == main.Id);
            session.DeleteWhere<HealthMember>(m => m.GroupId == main.Id);
            session.Delete<GroupActivity>(main.Id);
            await session.SaveChangesAsync(cancellationToken);
        }

        var shift = today.ToDateTime(TimeOnly.MinValue) - CommunityPlan.Anchor.UtcDateTime.Date;
        var events = Events(plan, shift).OrderBy(e => e.At).ToList();
        foreach (var (_, message) in events)
        {
            await using var session = engagement.LightweightSession();
            await (message switch
            {
                MemberJoinedGroup joined => GroupHealthHandler.Handle(joined, session, cancellationToken),
                TopicCreated created => GroupHealthHandler.Handle(created, session, cancellationToken),
                PostCreated created => GroupHealthHandler.Handle(created, session, cancellationToken),
                AnswerAccepted accepted => GroupHealthHandler.Handle(accepted, session, cancellationToken),
                _ => throw new InvalidOperationException($"No health handler for {message.GetType().Name}"),
            });
            await session.SaveChangesAsync(cancellationToken);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "create schema if not exists benchmark; create table if not exists benchmark.health (id int primary key, anchored_on date not null);" +
            "insert into benchmark.health values (1, @today) on conflict (id) do update set anchored_on = excluded.anchored_on", connection);
        command.Parameters.AddWithValue("today", today);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return events.Count;
    }

    /// <summary>The day the main group's health documents end on, or null before they were first written.</summary>
    public static async Task<DateOnly?> AnchoredOnAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select case when to_regclass('benchmark.health') is null then null else (select anchored_on from benchmark.health where id = 1) end",
            connection);
        return await command.ExecuteScalarAsync(cancellationToken) is DateOnly day ? day : null;
    }

    private static IEnumerable<(DateTimeOffset At, object Message)> Events(CommunityPlan plan, TimeSpan shift)
    {
        var main = plan.Groups[0];
        foreach (var membership in plan.Memberships.Where(m => m.Group == 0))
        {
            yield return (membership.JoinedAt + shift,
                new MemberJoinedGroup(main.Id, plan.Members[membership.Member].Id, [membership.Role], membership.JoinedAt + shift));
        }

        var markdown = new MarkdownRenderer();
        foreach (var topicPlan in plan.Topics.Where(t => t.Group == 0))
        {
            var content = TopicContent.Draw(plan, topicPlan, markdown);
            var topic = content.Topic;
            var path = Topic.PathFor(main.Slug, topic.Number);
            yield return (topic.CreatedAt + shift, new TopicCreated(main.Id, topic.Id, topic.Number, topic.Kind, topic.Title, topic.AuthorId,
                topic.CategoryId, [.. topic.Tags], path, topic.CreatedAt + shift));
            foreach (var post in content.Posts.Where(p => p.Number > 1))
            {
                yield return (post.CreatedAt + shift, new PostCreated(main.Id, topic.Id, topic.Number, topic.Title, post.Id, post.Number, post.AuthorId, [],
                    null, null, null, Topic.PathFor(main.Slug, topic.Number, post.Number), post.CreatedAt + shift));
            }

            if (topic.AcceptedPostNumber is { } accepted && content.Posts.FirstOrDefault(p => p.Number == accepted) is { } answer)
            {
                var at = answer.CreatedAt + shift + TimeSpan.FromHours(1);
                yield return (at, new AnswerAccepted(main.Id, topic.Id, topic.AuthorId, answer.Id, answer.Number, answer.AuthorId, topic.AuthorId,
                    Topic.PathFor(main.Slug, topic.Number, answer.Number), at));
            }
        }
    }

    /// <summary>With a kept dataset: writes the main group's health documents again when they end on another day than today.</summary>
    public static async Task RefreshAsync(string connectionString, DatasetSize size, int seed, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        if (await AnchoredOnAsync(connectionString, cancellationToken) == today)
        {
            return;
        }

        using var host = CommunityGenerator.BuildModuleHost(connectionString);
        var plan = CommunityPlan.Create(size, seed);
        var engagement = (IEngagementStore)host.Services.GetService(typeof(IEngagementStore))!;
        await WriteAsync(plan, engagement, connectionString, today, cancellationToken);
    }
}
