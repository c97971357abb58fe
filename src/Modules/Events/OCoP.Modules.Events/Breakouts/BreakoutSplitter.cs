namespace OCoP.Modules.Events.Breakouts;

/// <summary>
/// Splits people into groups of about a chosen size: as many groups as the size asks for, their sizes differing by at most one, people taken in random order, each placed in the group where they meet the
/// fewest people they were with last time, then the smallest. A pure rule, tested on its own.
/// To mix experience, people are taken longest-practising first (those who did not say last, at random): "then the
/// smallest" deals them out like cards, so each group gets one from each tier of experience.
/// </summary>
internal static class BreakoutSplitter
{
    public static List<List<Guid>> Split(IReadOnlyList<Guid> people, int size, Random random, IReadOnlySet<(Guid, Guid)>? togetherLastTime = null,
        IReadOnlyDictionary<Guid, int>? practisingSince = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        if (people.Count == 0)
        {
            return [];
        }

        var count = Math.Max(1, (int)Math.Ceiling(people.Count / (double)size));
        // Seats per group: as even as possible (sizes differ by at most one).
        var seats = Enumerable.Range(0, count).Select(i => people.Count / count + (i < people.Count % count ? 1 : 0)).ToArray();
        var groups = Enumerable.Range(0, count).Select(_ => new List<Guid>()).ToList();
        var shuffled = people.Distinct().OrderBy(_ => random.Next());
        var order = practisingSince is null
            ? shuffled.ToList()
            : shuffled.OrderBy(p => practisingSince.TryGetValue(p, out var year) ? year : int.MaxValue).ToList(); // a stable sort: ties stay shuffled
        foreach (var person in order)
        {
            var best = Enumerable.Range(0, count)
                .Where(i => groups[i].Count < seats[i])
                .OrderBy(i => groups[i].Count(other => Met(togetherLastTime, person, other)))
                .ThenBy(i => groups[i].Count)
                .ThenBy(i => i)
                .First();
            groups[best].Add(person);
        }

        return groups;
    }

    private static bool Met(IReadOnlySet<(Guid, Guid)>? pairs, Guid a, Guid b) =>
        pairs is not null && pairs.Contains(a.CompareTo(b) < 0 ? (a, b) : (b, a));
}
