using OCoP.Modules.Engagement.Notifications;

namespace OCoP.Modules.Tests.Engagement;

/// <summary><see cref="NotificationWriter.Fold"/>: repeated events about one thing become one unread notification.</summary>
public sealed class NotificationFoldingTests
{
    private static readonly Guid Nadia = Guid.NewGuid();
    private static readonly Guid Omar = Guid.NewGuid();
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Replies_in_one_watched_topic_fold_into_one_notification_counting_them_and_linking_the_newest()
    {
        var written = NotificationWriter.Fold([], [
            Draft(Nadia, "topic:lab", "Ann", "/t/1/posts/2", Noon),
            Draft(Nadia, "topic:lab", "Ben", "/t/1/posts/3", Noon.AddMinutes(1)),
            Draft(Nadia, "topic:lab", "Ann", "/t/1/posts/4", Noon.AddMinutes(2)),
        ]);

        var notification = written.ShouldHaveSingleItem();
        notification.Count.ShouldBe(3);
        notification.ActorNames.ShouldBe(["Ann", "Ben"]);
        notification.Path.ShouldBe("/t/1/posts/4");
        notification.CreatedAt.ShouldBe(Noon);
        notification.UpdatedAt.ShouldBe(Noon.AddMinutes(2));
    }

    [Fact]
    public void Drafts_fold_apart_by_member_kind_and_grouping_key()
    {
        var written = NotificationWriter.Fold([], [
            Draft(Nadia, "topic:lab", "Ann", "/a", Noon),
            Draft(Omar, "topic:lab", "Ann", "/a", Noon),
            Draft(Nadia, "topic:trips", "Ann", "/b", Noon),
            Draft(Nadia, "topic:lab", "Ann", "/a", Noon, NotificationKind.Mentioned),
        ]);

        written.Count.ShouldBe(4);
        written.ShouldAllBe(n => n.Count == 1);
    }

    [Fact]
    public void A_draft_folds_into_the_open_unread_notification_and_an_older_one_arriving_late_counts_but_keeps_the_newest_link()
    {
        var open = new Notification
        {
            Id = Guid.NewGuid(), MemberId = Nadia, Kind = NotificationKind.WatchedTopicPost, GroupingKey = "topic:lab", Title = "Lab safety",
            Path = "/t/1/posts/5", ActorNames = ["Ann"], Count = 2, CreatedAt = Noon, UpdatedAt = Noon.AddMinutes(5),
        };

        var written = NotificationWriter.Fold([open], [Draft(Nadia, "topic:lab", "Cy", "/t/1/posts/3", Noon.AddMinutes(3))]);

        written.ShouldHaveSingleItem().ShouldBeSameAs(open);
        open.Count.ShouldBe(3);
        open.ActorNames.ShouldBe(["Ann", "Cy"]);
        open.Path.ShouldBe("/t/1/posts/5");
        open.UpdatedAt.ShouldBe(Noon.AddMinutes(5));
    }

    [Fact]
    public void Drafts_fold_oldest_first_whatever_order_they_come_in()
    {
        var written = NotificationWriter.Fold([], [
            Draft(Nadia, "topic:lab", "Late", "/newest", Noon.AddMinutes(9)),
            Draft(Nadia, "topic:lab", "Early", "/oldest", Noon),
        ]);

        var notification = written.ShouldHaveSingleItem();
        notification.ActorNames.ShouldBe(["Early", "Late"]);
        notification.Path.ShouldBe("/newest");
        notification.CreatedAt.ShouldBe(Noon);
    }

    [Fact]
    public void At_most_five_actors_are_named_while_every_event_is_counted()
    {
        var drafts = Enumerable.Range(1, 8).Select(i => Draft(Nadia, "conversation:1", $"Actor {i}", $"/m/{i}", Noon.AddSeconds(i),
            NotificationKind.PrivateMessage)).ToList();

        var notification = NotificationWriter.Fold([], drafts).ShouldHaveSingleItem();

        notification.Count.ShouldBe(8);
        notification.ActorNames.ShouldBe(["Actor 1", "Actor 2", "Actor 3", "Actor 4", "Actor 5"]);
        notification.Path.ShouldBe("/m/8");
    }

    [Fact]
    public void An_event_without_an_actor_counts_and_names_nobody()
    {
        var notification = NotificationWriter.Fold([], [
            Draft(Nadia, "membership:1", null, "/g", Noon, NotificationKind.MembershipExpiring),
            Draft(Nadia, "membership:1", null, "/g", Noon.AddDays(1), NotificationKind.MembershipExpiring),
        ]).ShouldHaveSingleItem();

        notification.Count.ShouldBe(2);
        notification.ActorNames.ShouldBeEmpty();
    }

    private static NotificationDraft Draft(Guid member, string key, string? actor, string path, DateTimeOffset at,
        NotificationKind kind = NotificationKind.WatchedTopicPost) =>
        new(member, kind, key, GroupId: null, Title: $"About {key}", path, actor, Excerpt: null, at);
}
