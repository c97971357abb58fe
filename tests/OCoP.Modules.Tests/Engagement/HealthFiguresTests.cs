using OCoP.Modules.Engagement.Health;

namespace OCoP.Modules.Tests.Engagement;

/// <summary>docs/health.md, figure by figure, against a small fixture computed by hand.</summary>
public sealed class HealthFiguresTests
{
    private static readonly Guid Group = Guid.NewGuid();
    private static readonly Guid Ann = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Bob = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Cat = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid Dan = Guid.Parse("00000000-0000-0000-0000-00000000000d");
    private static readonly Guid Eve = Guid.Parse("00000000-0000-0000-0000-00000000000e");
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    private static HealthReport Fixture()
    {
        // Day -1: Ann asks (t1), Bob replies 3 h later. Day 0: Ann starts t2 (no reply), Bob asks t3, Cat answers 5 h later, accepted.
        // Cat joined today; Ann and Bob joined long ago. Day -40: Bob's old topic, outside the period.
        var yesterday = Today.AddDays(-1);
        var t1 = new HealthTopic { Id = Guid.NewGuid(), GroupId = Group, AuthorId = Ann, IsQuestion = true, CreatedAt = At(yesterday, 9), FirstReplyAt = At(yesterday, 12) };
        var t2 = new HealthTopic { Id = Guid.NewGuid(), GroupId = Group, AuthorId = Ann, CreatedAt = At(Today, 8) };
        var t3 = new HealthTopic { Id = Guid.NewGuid(), GroupId = Group, AuthorId = Bob, IsQuestion = true, CreatedAt = At(Today, 9), FirstReplyAt = At(Today, 14), Answered = true };
        var old = new HealthTopic { Id = Guid.NewGuid(), GroupId = Group, AuthorId = Bob, CreatedAt = At(Today.AddDays(-40), 9) };
        var days = new List<GroupDay>
        {
            new()
            {
                Day = yesterday, ActiveMemberIds = [Ann, Bob], TopicIds = [t1.Id], ReplyIds = [Guid.NewGuid()],
                AuthoredPosts = [$"{Ann:N}/{t1.Id:N}", $"{Bob:N}/{Guid.NewGuid():N}"], ReaderIds = [Dan, Ann],
            },
            new()
            {
                Day = Today, ActiveMemberIds = [Ann, Bob, Cat], TopicIds = [t2.Id, t3.Id], ReplyIds = [Guid.NewGuid()], NewMemberIds = [Cat],
                AcceptedTopicIds = [t3.Id], AuthoredPosts = [$"{Ann:N}/{t2.Id:N}", $"{Bob:N}/{t3.Id:N}", $"{Cat:N}/{Guid.NewGuid():N}"],
                ReaderIds = [Dan, Cat],
            },
            new() { Day = Today.AddDays(-40), ActiveMemberIds = [Bob], TopicIds = [old.Id], AuthoredPosts = [$"{Bob:N}/{old.Id:N}"], ReaderIds = [Eve] },
        };
        var joiners = new List<HealthMember> { new() { MemberId = Cat, JoinedAt = At(Today, 10), FirstPostAt = At(Today, 14) } };
        var names = new Dictionary<Guid, string> { [Ann] = "Ann", [Bob] = "Bob", [Cat] = "Cat" };
        // Written as shape-1 documents (one string per post), read as the dashboard reads them: upgraded to DayFigures.
        return HealthFigures.Compute(Group, "Tide pools", Today, members: 5, [.. days.Select(DayFigures.Of)], [t1, t2, t3, old], joiners, names);
    }

    [Fact]
    public void Active_members_per_day_and_in_the_period_and_their_ratio()
    {
        var report = Fixture();
        report.Days.Count.ShouldBe(30);
        report.From.ShouldBe(Today.AddDays(-29));
        report.Days[^1].ActiveMembers.ShouldBe(3);
        report.Days[^2].ActiveMembers.ShouldBe(2);
        report.AverageDailyActiveMembers.ShouldBe(Math.Round(5 / 30.0, 2)); // (2 + 3) / 30 = 0.17
        report.MonthlyActiveMembers.ShouldBe(3);
        report.ActiveRatio.ShouldBe(Math.Round(5 / 30.0 / 3, 3)); // 0.056
    }

    [Fact]
    public void New_members_and_those_who_posted_within_30_days()
    {
        var report = Fixture();
        report.NewMembers.ShouldBe(1);
        report.NewMembersWhoPosted.ShouldBe(1);
    }

    [Fact]
    public void Creators_commenters_and_members_who_did_not_post()
    {
        var report = Fixture();
        report.Creators.ShouldBe(2);   // Ann, Bob (the old topic is outside the period)
        report.Commenters.ShouldBe(1); // Cat only replied
        report.NonPosters.ShouldBe(2); // 5 members - 2 - 1
        report.Readers.ShouldBe(1);    // Dan read on two days and never posted; Ann and Cat posted; Eve read before the period
    }

    [Fact]
    public void Zero_reply_topics_median_time_to_first_reply_questions_and_accepted_answer_rate()
    {
        var report = Fixture();
        report.TopicsStarted.ShouldBe(3);
        report.ZeroReplyTopics.ShouldBe(1);          // t2
        report.MedianHoursToFirstReply.ShouldBe(4);  // median of 3 h and 5 h
        report.Questions.ShouldBe(2);
        report.UnansweredQuestions.ShouldBe(1);      // t1
        report.AcceptedAnswerRate.ShouldBe(0.5);
    }

    [Fact]
    public void Top_contributors_by_posts_in_the_period_ties_by_name()
    {
        Fixture().TopContributors.Select(c => $"{c.Name} {c.Posts}").ShouldBe(["Ann 2", "Bob 2", "Cat 1"]);
    }

    [Fact]
    public void A_group_with_no_activity_has_zeros_and_no_rates()
    {
        var report = HealthFigures.Compute(Group, "Quiet", Today, 1, [], [], [], new Dictionary<Guid, string>());
        report.ActiveRatio.ShouldBe(0);
        report.MedianHoursToFirstReply.ShouldBeNull();
        report.AcceptedAnswerRate.ShouldBeNull();
        report.Days.ShouldAllBe(d => d.ActiveMembers == 0);
        report.EventsHeld.ShouldBe(0);
        report.EventAttendanceRate.ShouldBeNull();
    }

    [Fact]
    public void Event_attendance_rate_is_the_share_of_those_going_who_came_over_the_events_held_in_the_period()
    {
        var dan = Guid.NewGuid();
        var now = At(Today, 12);
        HealthEvent Event(DateTimeOffset starts, bool cancelled = false) => new() { Id = Guid.NewGuid(), GroupId = Group, StartsAt = starts, Cancelled = cancelled };
        var mark = (Guid member, bool on, int hour) => new MemberMark(member, on, At(Today.AddDays(-3), hour));

        // Three days ago: Ann, Bob and Cat going, Cat then said not going; Ann came, Dan walked in, Bob was checked in by a slip and out again.
        var held = Event(At(Today.AddDays(-2), 18));
        foreach (var m in new[] { mark(Ann, true, 8), mark(Bob, true, 9), mark(Cat, true, 9), mark(Cat, false, 10), mark(Cat, true, 7) })
        {
            HealthEvent.Keep(held.Answers, m); // Cat's 7 o'clock "going" arrived last and is older: it changes nothing
        }

        foreach (var m in new[] { mark(Ann, true, 19), mark(dan, true, 19), mark(Bob, true, 19), mark(Bob, false, 20) })
        {
            HealthEvent.Keep(held.Presence, m);
        }

        // Last week: one of one came. Not counted: a cancelled event, one later today, one before the period.
        var lastWeek = Event(At(Today.AddDays(-7), 18));
        HealthEvent.Keep(lastWeek.Answers, mark(Cat, true, 1));
        HealthEvent.Keep(lastWeek.Presence, mark(Cat, true, 2));
        var cancelled = Event(At(Today.AddDays(-1), 18), cancelled: true);
        HealthEvent.Keep(cancelled.Answers, mark(Ann, true, 1));
        var later = Event(At(Today, 18));
        HealthEvent.Keep(later.Answers, mark(Ann, true, 1));
        var old = Event(At(Today.AddDays(-40), 18));
        HealthEvent.Keep(old.Answers, mark(Ann, true, 1));

        var report = HealthFigures.Compute(Group, "Tide pools", Today, 5, [], [], [], new Dictionary<Guid, string>(), [held, lastWeek, cancelled, later, old], now);
        report.EventsHeld.ShouldBe(2);
        report.EventSeatsTaken.ShouldBe(3); // Ann, Bob; Cat last week
        report.EventAttendeesWhoAnsweredGoing.ShouldBe(2); // Ann; Cat last week (Dan did not answer, Bob was checked out)
        report.EventAttendanceRate.ShouldBe(0.667);
    }

    [Fact]
    public void Names_are_needed_only_for_authors_who_can_be_among_the_top_contributors()
    {
        // Seven authors: 4, 3, 3, 2, 1, 1 and 1 posts. The fifth has one post, so the three with one are all candidates.
        var authors = Enumerable.Range(1, 7).Select(i => Guid.Parse($"00000000-0000-0000-0000-{i:D12}")).ToArray();
        int[] posts = [4, 3, 3, 2, 1, 1, 1];
        var day = new GroupDay { Day = Today, Shape = GroupDay.CurrentShape };
        for (var i = 0; i < authors.Length; i++)
        {
            for (var n = 0; n < posts[i]; n++)
            {
                day.CountPost(day.ReplyIds, Guid.NewGuid(), authors[i]);
            }
        }

        HealthFigures.TopContributorCandidates([DayFigures.Of(day)]).ShouldBe(authors, ignoreOrder: true);

        // With a sixth author at two posts, the cut is two: the three with one post are not needed.
        day.CountPost(day.ReplyIds, Guid.NewGuid(), authors[4]);
        day.CountPost(day.ReplyIds, Guid.NewGuid(), authors[5]);
        HealthFigures.TopContributorCandidates([DayFigures.Of(day)]).ShouldBe(authors[..6], ignoreOrder: true);
        HealthFigures.TopContributorCandidates([]).ShouldBeEmpty();
    }

    [Fact]
    public void A_day_counts_each_post_once_and_its_author_with_it()
    {
        var day = new GroupDay { Day = Today, Shape = GroupDay.CurrentShape };
        var topic = Guid.NewGuid();
        var reply = Guid.NewGuid();
        day.CountPost(day.TopicIds, topic, Ann);
        day.CountPost(day.ReplyIds, reply, Bob);
        day.CountPost(day.ReplyIds, reply, Bob); // redelivered
        day.CountPost(day.ReplyIds, Guid.NewGuid(), Bob);

        var figures = DayFigures.Of(day);
        (figures.Topics, figures.Replies).ShouldBe((1, 2));
        figures.PostsByAuthor.ShouldBe(new Dictionary<Guid, int> { [Ann] = 1, [Bob] = 2 }, ignoreOrder: true);
    }

    [Fact]
    public void A_shape_one_day_is_upgraded_to_the_same_figures_and_keeps_counting()
    {
        var topic = Guid.NewGuid();
        var replies = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var day = new GroupDay
        {
            Day = Today, ActiveMemberIds = [Ann, Bob], TopicIds = [topic], ReplyIds = [.. replies],
            AuthoredPosts = [$"{Ann:N}/{topic:N}", $"{Bob:N}/{replies[0]:N}", $"{Bob:N}/{replies[1]:N}"],
        };

        day.CountPost(day.ReplyIds, replies[1], Bob); // already counted before the upgrade
        day.CountPost(day.ReplyIds, Guid.NewGuid(), Ann);

        day.Shape.ShouldBe(GroupDay.CurrentShape);
        day.AuthoredPosts.ShouldBeNull();
        (day.Topics, day.Replies).ShouldBe((1, 3));
        day.PostsByAuthor.ShouldBe(new Dictionary<Guid, int> { [Ann] = 2, [Bob] = 2 }, ignoreOrder: true);
    }
}
