namespace OCoP.Modules.Engagement.Health;

/// <summary>One day of the trend charts.</summary>
internal sealed record HealthDay(DateOnly Day, int ActiveMembers, int Topics, int Replies, int NewMembers);

/// <summary>A member who wrote the most in the period.</summary>
internal sealed record TopContributor(Guid MemberId, string Name, int Posts);

/// <summary>Every figure of the dashboard, each defined in docs/health.md, over the <see cref="Days"/> days ending <see cref="To"/>.</summary>
internal sealed record HealthReport(
    Guid GroupId,
    string GroupName,
    DateOnly From,
    DateOnly To,
    int Members,
    double AverageDailyActiveMembers,
    int MonthlyActiveMembers,
    double ActiveRatio,
    int NewMembers,
    int NewMembersWhoPosted,
    int Creators,
    int Commenters,
    int NonPosters,
    int TopicsStarted,
    int ZeroReplyTopics,
    double? MedianHoursToFirstReply,
    int Questions,
    int UnansweredQuestions,
    double? AcceptedAnswerRate,
    IReadOnlyList<TopContributor> TopContributors,
    IReadOnlyList<HealthDay> Days,
    int EventsHeld = 0,
    int EventSeatsTaken = 0,
    int EventAttendeesWhoAnsweredGoing = 0,
    double? EventAttendanceRate = null,
    int Readers = 0);

/// <summary>
/// The dashboard's arithmetic, pure so it is unit-tested against hand-computed fixtures: the rollups of the period in,
/// the figures of docs/health.md out.
/// </summary>
internal static class HealthFigures
{
    public const int PeriodDays = 30;
    public const int TopContributors = 5;

    public static HealthReport Compute(Guid groupId, string groupName, DateOnly today, int members, IReadOnlyList<DayFigures> rollups,
        IReadOnlyList<HealthTopic> topics, IReadOnlyList<HealthMember> joiners, IReadOnlyDictionary<Guid, string> names,
        IReadOnlyList<HealthEvent>? events = null, DateTimeOffset? now = null)
    {
        var from = today.AddDays(-(PeriodDays - 1));
        var inPeriod = rollups.Where(d => d.Day >= from && d.Day <= today).ToDictionary(d => d.Day);
        var days = Enumerable.Range(0, PeriodDays).Select(i => from.AddDays(i))
            .Select(day => inPeriod.TryGetValue(day, out var d)
                ? new HealthDay(day, d.ActiveMemberIds.Count, d.Topics, d.Replies, d.NewMemberIds.Count)
                : new HealthDay(day, 0, 0, 0, 0))
            .ToList();
        var active = inPeriod.Values.SelectMany(d => d.ActiveMemberIds).ToHashSet();
        var average = days.Average(d => d.ActiveMembers);

        var newMembers = inPeriod.Values.SelectMany(d => d.NewMemberIds).ToHashSet();
        var newWhoPosted = joiners.Count(m => newMembers.Contains(m.MemberId) && m.JoinedAt is { } joined && m.FirstPostAt is { } first &&
                                              first >= joined && first - joined <= TimeSpan.FromDays(PeriodDays));

        var periodTopics = topics.Where(t => DateOnly.FromDateTime(t.CreatedAt.UtcDateTime) is var day && day >= from && day <= today).ToList();
        var creators = periodTopics.Select(t => t.AuthorId).ToHashSet();
        var commenters = active.Where(m => !creators.Contains(m)).ToHashSet();
        var waits = periodTopics.Where(t => t.FirstReplyAt is not null).Select(t => (t.FirstReplyAt!.Value - t.CreatedAt).TotalHours).Order().ToList();
        var questions = periodTopics.Where(t => t.IsQuestion).ToList();

        var top = PostsByAuthor(inPeriod.Values)
            .OrderByDescending(g => g.Posts).ThenBy(g => names.GetValueOrDefault(g.Member, ""), StringComparer.Ordinal).Take(TopContributors)
            .Select(g => new TopContributor(g.Member, names.GetValueOrDefault(g.Member, Membership.Access.MemberNames.FormerMember), g.Posts))
            .ToList();

        // Events held: not cancelled, started in the period and by now. Rate: of those who answered going, the share recorded present.
        var periodStart = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = now ?? new DateTimeOffset(today.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        var held = (events ?? []).Where(e => !e.Cancelled && e.StartsAt >= periodStart && e.StartsAt <= until).ToList();
        var seats = held.Sum(e => e.GoingIds.Count());
        var came = held.Sum(e => e.GoingIds.Intersect(e.PresentIds).Count());

        return new HealthReport(groupId, groupName, from, today, members, Math.Round(average, 2), active.Count,
            active.Count == 0 ? 0 : Math.Round(average / active.Count, 3), newMembers.Count, newWhoPosted, creators.Count, commenters.Count,
            Math.Max(0, members - creators.Count - commenters.Count), periodTopics.Count, periodTopics.Count(t => t.FirstReplyAt is null),
            Median(waits), questions.Count, questions.Count(q => !q.Answered),
            questions.Count == 0 ? null : Math.Round((double)questions.Count(q => q.Answered) / questions.Count, 3), top, days,
            held.Count, seats, came, seats == 0 ? null : Math.Round((double)came / seats, 3),
            inPeriod.Values.SelectMany(d => d.ReaderIds).Where(m => !active.Contains(m)).Distinct().Count());
    }

    /// <summary>How many posts each member wrote on these days.</summary>
    public static IEnumerable<(Guid Member, int Posts)> PostsByAuthor(IEnumerable<DayFigures> days) =>
        days.SelectMany(d => d.PostsByAuthor).GroupBy(p => p.Key).Select(g => (g.Key, g.Sum(p => p.Value)));

    /// <summary>
    /// The members who can be among the top contributors: every author with at least as many posts as the fifth most
    /// prolific (ties at the cut are ordered by name, so their names are needed too).
    /// </summary>
    public static Guid[] TopContributorCandidates(IEnumerable<DayFigures> days)
    {
        var counts = PostsByAuthor(days).ToList();
        var cut = counts.Select(c => c.Posts).OrderDescending().Skip(TopContributors - 1).FirstOrDefault();
        return [.. counts.Where(c => c.Posts >= cut).Select(c => c.Member)];
    }

    /// <summary>The middle value, or the mean of the two middle values; null for none. Rounded to a tenth of an hour.</summary>
    public static double? Median(IReadOnlyList<double> sorted) =>
        sorted.Count == 0 ? null
        : Math.Round(sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2, 1);
}
