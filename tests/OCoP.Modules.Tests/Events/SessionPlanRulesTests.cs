using OCoP.Modules.Events.Agenda;
using OCoP.Modules.Events.Breakouts;
using OCoP.Modules.Events.Feedback;

namespace OCoP.Modules.Tests.Events;

public sealed class SessionPlanRulesTests
{
    private static List<Guid> People(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())];

    [Theory]
    [InlineData(7, 3, new[] { 3, 2, 2 })]
    [InlineData(8, 4, new[] { 4, 4 })]
    [InlineData(5, 4, new[] { 3, 2 })]
    [InlineData(2, 5, new[] { 2 })]
    public void Breakouts_are_as_many_groups_as_the_size_asks_for_with_sizes_differing_by_at_most_one(int count, int size, int[] sizes)
    {
        var people = People(count);
        var groups = BreakoutSplitter.Split(people, size, new Random(7));
        groups.Select(g => g.Count).OrderDescending().ShouldBe(sizes);
        groups.SelectMany(g => g).Order().ShouldBe(people.Order());
    }

    [Fact]
    public void Breakouts_keep_apart_those_who_were_together_last_time_when_the_numbers_allow()
    {
        var people = People(8);
        var last = new BreakoutPlan { Rooms = [new(1, null, null, people.Take(4).ToList()), new(2, null, null, people.Skip(4).ToList())] };
        var pairs = last.Pairs();
        pairs.Count.ShouldBe(12);
        for (var seed = 0; seed < 20; seed++)
        {
            var groups = BreakoutSplitter.Split(people, 2, new Random(seed), pairs);
            // Four pairs from two old groups of four: each new pair can take one from each old group.
            groups.Select(g => g.Count).ShouldAllBe(count => count == 2);
            groups.Count(g => pairs.Contains(g[0].CompareTo(g[1]) < 0 ? (g[0], g[1]) : (g[1], g[0]))).ShouldBe(0);
        }
    }

    [Fact]
    public void Mixing_experience_gives_each_group_one_from_each_tier_and_those_who_did_not_say_come_last()
    {
        var people = People(9);
        // Three veterans, three mid-career, three who did not say.
        var since = new Dictionary<Guid, int> { [people[0]] = 1990, [people[1]] = 1995, [people[2]] = 1999, [people[3]] = 2010, [people[4]] = 2012, [people[5]] = 2015 };
        for (var seed = 0; seed < 20; seed++)
        {
            var groups = BreakoutSplitter.Split(people, 3, new Random(seed), practisingSince: since);
            groups.Count.ShouldBe(3);
            groups.ShouldAllBe(g => g.Count(p => since.ContainsKey(p) && since[p] < 2000) == 1);
            groups.ShouldAllBe(g => g.Count(p => since.ContainsKey(p) && since[p] >= 2000) == 1);
            groups.ShouldAllBe(g => g.Count(p => !since.ContainsKey(p)) == 1);
        }
    }

    [Fact]
    public void Each_agenda_template_is_an_hour_or_less_and_ends_with_a_wrap_up()
    {
        AgendaTemplates.All.Select(t => t.Key).ShouldBe(["expert-qa", "case-clinic", "reflection-session", "open-discussion"]);
        AgendaTemplates.All.Select(t => t.TotalMinutes).ShouldAllBe(minutes => minutes <= 60);
        AgendaTemplates.All.Select(t => t.Items.Last().Kind).ShouldAllBe(kind => kind == SegmentKind.WrapUp);
        AgendaTemplates.Find("CASE-CLINIC")!.Items.ShouldContain(i => i.Kind == SegmentKind.Breakouts);
        AgendaTemplates.Find("nope").ShouldBeNull();
    }

    [Fact]
    public void Feedback_is_summarised_as_an_average_a_count_per_rating_and_the_comments()
    {
        var eventId = Guid.NewGuid();
        FeedbackEntry Entry(int rating, string? worked, int minute) =>
            new() { EventId = eventId, Rating = rating, WhatWorked = worked, GivenAt = DateTimeOffset.UnixEpoch.AddMinutes(minute) };

        var summary = FeedbackSummary.Of(eventId, 4, [Entry(5, "The case", 2), Entry(4, null, 1), Entry(2, "Timing", 3)]);
        summary.Responses.ShouldBe(3);
        summary.AverageRating.ShouldBe(3.67);
        summary.Ratings.ShouldBe([0, 1, 0, 1, 1]);
        summary.Comments.Select(c => c.WhatWorked).ShouldBe(["The case", "Timing"]);
        FeedbackSummary.Of(eventId, 0, []).AverageRating.ShouldBeNull();
    }
}
