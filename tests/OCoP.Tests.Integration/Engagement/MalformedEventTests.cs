using Npgsql;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

public sealed class MalformedEventTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_malformed_event_goes_to_the_dead_letter_queue_with_its_error_and_the_next_events_still_flow()
    {
        var asker = await app.RegisterConfirmedAsync("Dead Letter Asker");
        var replier = await app.RegisterConfirmedAsync("Dead Letter Replier");
        var group = await asker.CreateForumAsync();
        await replier.JoinForumAsync(group);

        // What another module might publish by mistake: a post with no group and no link.
        var malformed = new PostCreated(Guid.Empty, Guid.NewGuid(), 1, "Broken", Guid.NewGuid(), 2, replier.Id, [], 1, asker.Id, null, "",
            app.Clock.GetUtcNow());
        await app.PublishAsync(malformed);

        // The same queues then carry a good reply to the asker: it is notified, in app.
        var topic = await asker.StartTopicNumberAsync(group, "After the broken event", "Does the queue still flow?");
        (await replier.ReplyAsync(group, topic, "It does.", replyTo: 1)).EnsureSuccessStatusCode();
        await asker.WaitForNotificationAsync("repliedTo", "After the broken event");

        // Each Engagement handler of PostCreated dead-lettered its copy at once, saying why; nothing was written for it.
        List<(string Type, string Message)> dead = [];
        await Eventually.TrueAsync(async () =>
        {
            dead = await DeadLettersAsync();
            return dead.Count(d => d.Type == "OCoP.Modules.Engagement.Community.MalformedEventException") >= 3;
        }, "the malformed PostCreated in the dead-letter queue of each Engagement handler");
        dead.Where(d => d.Type == "OCoP.Modules.Engagement.Community.MalformedEventException")
            .ShouldAllBe(d => d.Message.StartsWith("Malformed PostCreated: it needs a group"));
        (await asker.KindsAboutAsync("Broken")).ShouldBeEmpty();
    }

    private async Task<List<(string Type, string Message)>> DeadLettersAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select exception_type, exception_message from wolverine.wolverine_dead_letters where message_type like '%PostCreated'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
