using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Benchmarks.DataGenerator;

internal sealed record MemberPlan(int Index, Guid Id, string Name, string Handle, string Email, string TimeZone, IReadOnlyList<string> Expertise,
    IReadOnlyList<string> Interests, DateTimeOffset RegisteredAt, double Activity);

internal sealed record GroupPlan(int Index, Guid Id, string Slug, string Name, IReadOnlyList<string> Tags, GroupVisibility Visibility, DateTimeOffset CreatedAt);

internal sealed record MembershipPlan(int Group, int Member, GroupRole Role, DateTimeOffset JoinedAt);

internal sealed record TopicPlan(int Index, int Group, int Author, TopicKind Kind, string Title, IReadOnlyList<string> Tags, int PostCount, DateTimeOffset StartAt)
{
    public Guid Id { get; init; }
    public int Number { get; set; }
}

/// <summary>
/// The whole community, decided up front from one seed: members, groups, who joined what, who follows whom, and every
/// topic with its length, start and author. Posts are drawn later, topic by topic, each from its own seed
/// (<see cref="TopicSeed"/>), so they can be written in parallel and still come out the same for the same seed.
/// Skew as in real communities: group sizes, topic counts per group and posting per member follow Zipf-like laws, topic
/// lengths a log-normal one (most short, a few very long), plus one very long topic for deep pages.
/// </summary>
internal sealed class CommunityPlan
{
    /// <summary>Generated time ends here, whatever the day of the run: the same seed gives the same data.</summary>
    public static readonly DateTimeOffset Anchor = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] TimeZones = ["Europe/London", "Europe/Paris", "America/New_York", "America/Chicago", "Asia/Tokyo", "Australia/Sydney", "UTC"];

    public required DatasetSize Size { get; init; }
    public required int Seed { get; init; }
    public required IReadOnlyList<MemberPlan> Members { get; init; }
    public required IReadOnlyList<GroupPlan> Groups { get; init; }
    public required IReadOnlyList<MembershipPlan> Memberships { get; init; }
    public required IReadOnlyList<TopicPlan> Topics { get; init; }

    /// <summary>(follower, followed) member indexes.</summary>
    public required IReadOnlyList<(int Follower, int Followed)> MemberFollows { get; init; }

    public required int HotTopic { get; init; }
    public required int ReplyGroup { get; init; }
    public required int FanOutGroup { get; init; }
    public required int FanOutAuthor { get; init; }
    public required IReadOnlyList<int> FanOutWatchers { get; init; }
    public required IReadOnlyList<int> TokenHolders { get; init; }
    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>Personal access tokens of the fan-out watchers (members of the fan-out group), one each: the live benchmarks' connections.</summary>
    public required IReadOnlyList<string> WatcherTokens { get; init; }

    /// <summary>Topics whose posts also become activity items and home-feed entries (the most recently started).</summary>
    public required IReadOnlySet<int> ActivityTopics { get; init; }

    public required IReadOnlyList<GroupMembers> MembersOfGroup { get; init; }

    public int TopicSeed(int topicIndex) => unchecked(Seed * 1_000_003 + topicIndex * 7_919 + 17);

    public static CommunityPlan Create(DatasetSize size, int seed)
    {
        var random = new Random(seed);
        var members = CreateMembers(size, random);
        var groupCount = size.Groups; // the last one is the fan-out group
        var groups = Enumerable.Range(0, groupCount).Select(i => CreateGroup(i, random, i == groupCount - 1)).ToList();
        var regular = groupCount - 1;

        // Memberships: about four groups per member, big groups much more likely (Zipf, s = 0.8).
        var joined = new Dictionary<(int Group, int Member), MembershipPlan>();
        var groupWeights = Cumulative(Enumerable.Range(0, regular).Select(g => 1 / Math.Pow(g + 1, 0.8)));
        foreach (var member in members)
        {
            var count = Math.Min(regular, 1 + (int)(-Math.Log(1 - random.NextDouble()) * 3));
            var added = 0;
            for (var attempt = 0; attempt < count * 4 && added < count; attempt++)
            {
                var group = Pick(groupWeights, random);
                if (joined.TryAdd((group, member.Index), Join(groups[group], member, GroupRole.Contributor, random)))
                {
                    added++;
                }
            }
        }

        // The group replies are written in: a typical mid-sized one; token holders belong to it and to the biggest one.
        var replyGroup = Math.Min(regular - 1, Math.Max(1, regular / 10));
        var tokenHolders = Distinct(random, members.Count, Math.Min(DatasetSize.TokenHolders, members.Count / 2), exclude: null);
        foreach (var holder in tokenHolders)
        {
            foreach (var group in new[] { 0, replyGroup })
            {
                joined.TryAdd((group, holder), Join(groups[group], members[holder], GroupRole.Contributor, random));
            }
        }

        // Every regular group has a facilitator (its earliest member) and at least three members.
        var byGroup = joined.Values.GroupBy(m => m.Group).ToDictionary(g => g.Key, g => g.OrderBy(m => m.JoinedAt).ThenBy(m => m.Member).ToList());
        for (var g = 0; g < regular; g++)
        {
            var list = byGroup.TryGetValue(g, out var existing) ? existing : byGroup[g] = [];
            while (list.Count < 3)
            {
                var member = random.Next(members.Count);
                if (list.All(m => m.Member != member))
                {
                    var added = Join(groups[g], members[member], GroupRole.Contributor, random);
                    joined[(g, member)] = added;
                    list.Add(added);
                }
            }

            var first = list.OrderBy(m => m.JoinedAt).ThenBy(m => m.Member).First();
            joined[(g, first.Member)] = first with { Role = GroupRole.Facilitator };
            foreach (var expert in list.Where(_ => random.NextDouble() < 0.02).Where(m => m.Member != first.Member))
            {
                joined[(g, expert.Member)] = expert with { Role = GroupRole.DomainExpert };
            }
        }

        // The fan-out group: one facilitator with 1,000 followers who all watch the group.
        var fanOutGroup = groupCount - 1;
        var fanOutAuthor = tokenHolders[0];
        var watchers = Distinct(random, members.Count, Math.Min(DatasetSize.FanOutFollowers, members.Count - 1), exclude: fanOutAuthor);
        joined[(fanOutGroup, fanOutAuthor)] = Join(groups[fanOutGroup], members[fanOutAuthor], GroupRole.Facilitator, random);
        foreach (var watcher in watchers)
        {
            joined[(fanOutGroup, watcher)] = Join(groups[fanOutGroup], members[watcher], GroupRole.Contributor, random);
        }

        var memberships = joined.Values.OrderBy(m => m.Group).ThenBy(m => m.Member).ToList();
        var membersOfGroup = groups.Select(g => new GroupMembers(memberships.Where(m => m.Group == g.Index).Select(m => m.Member).ToArray(), members)).ToList();

        // Member follows: a few each, of the members who post most (those are the ones people follow).
        var activityWeights = Cumulative(members.Select(m => m.Activity));
        var follows = new HashSet<(int, int)>();
        foreach (var member in members)
        {
            var count = random.Next(0, 6);
            for (var i = 0; i < count; i++)
            {
                var followed = Pick(activityWeights, random);
                if (followed != member.Index)
                {
                    follows.Add((member.Index, followed));
                }
            }
        }

        foreach (var watcher in watchers)
        {
            follows.Add((watcher, fanOutAuthor));
        }

        var topics = CreateTopics(size, random, members, groups, membersOfGroup, regular, fanOutGroup, fanOutAuthor, out var hotTopic);
        var recent = new HashSet<int>();
        var activityPosts = 0;
        foreach (var topic in topics.OrderByDescending(t => t.StartAt).ThenBy(t => t.Index))
        {
            if (activityPosts >= size.ActivityPosts)
            {
                break;
            }

            if (topic.Index != hotTopic)
            {
                recent.Add(topic.Index);
                activityPosts += topic.PostCount;
            }
        }

        return new CommunityPlan
        {
            Size = size,
            Seed = seed,
            Members = members,
            Groups = groups,
            Memberships = memberships,
            Topics = topics,
            MemberFollows = [.. follows.OrderBy(f => f.Item1).ThenBy(f => f.Item2)],
            HotTopic = hotTopic,
            ReplyGroup = replyGroup,
            FanOutGroup = fanOutGroup,
            FanOutAuthor = fanOutAuthor,
            FanOutWatchers = watchers,
            TokenHolders = tokenHolders,
            Tokens = tokenHolders.Select(_ => "ocop_pat_" + Convert.ToHexStringLower(Bytes(random, 32))).ToList(),
            // Drawn last, so that everything drawn before is what generator version 4 made.
            WatcherTokens = watchers.Select(_ => "ocop_pat_" + Convert.ToHexStringLower(Bytes(random, 32))).ToList(),
            ActivityTopics = recent,
            MembersOfGroup = membersOfGroup,
        };
    }

    private static List<MemberPlan> CreateMembers(DatasetSize size, Random random)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var members = new List<MemberPlan>(size.Members);
        for (var i = 0; i < size.Members; i++)
        {
            string name;
            do
            {
                var first = Words.FirstNames[random.Next(Words.FirstNames.Length)];
                var last = Words.LastNames[random.Next(Words.LastNames.Length)];
                name = names.Count < Words.FirstNames.Length * Words.LastNames.Length / 2
                    ? $"{first} {last}"
                    : $"{first} {(char)('A' + random.Next(26))}. {last}";
            }
            while (!names.Add(name));

            var handle = Handle(name);
            members.Add(new MemberPlan(i, NewGuid(random), name, handle, $"{Ascii(handle)}.{i}@members.example", TimeZones[random.Next(TimeZones.Length)],
                Some(random, Words.Expertise, 3), Some(random, Words.Expertise, 3), Anchor.AddDays(-random.Next(30, 1_100)), 0));
        }

        // Posting follows Zipf (s = 1) over a random order of members: a few post a lot, most rarely.
        var order = Enumerable.Range(0, members.Count).OrderBy(_ => random.Next()).ToArray();
        for (var rank = 0; rank < order.Length; rank++)
        {
            members[order[rank]] = members[order[rank]] with { Activity = 1.0 / (rank + 1) };
        }

        return members;
    }

    private static GroupPlan CreateGroup(int index, Random random, bool fanOut)
    {
        var subject = Words.Subjects[index % Words.Subjects.Length];
        var practice = Words.Practices[(index / Words.Subjects.Length + index) % Words.Practices.Length];
        var name = fanOut ? "Fan-out watchers" : $"{subject} {practice}" + (index >= Words.Subjects.Length * 2 ? $" {index / Words.Subjects.Length + 1}" : "");
        var slug = string.Join('-', name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)) + $"-{index}";
        // Most groups are public; the biggest one and the fan-out group always are.
        var roll = random.NextDouble();
        var visibility = index == 0 || fanOut || roll < 0.7 ? GroupVisibility.Public : roll < 0.95 ? GroupVisibility.MembersOnly : GroupVisibility.Secret;
        return new GroupPlan(index, NewGuid(random), slug, name, Some(random, Words.Expertise, 4, atLeast: 2), visibility,
            Anchor.AddDays(-random.Next(750, 1_200)));
    }

    private static List<TopicPlan> CreateTopics(DatasetSize size, Random random, List<MemberPlan> members, List<GroupPlan> groups,
        List<GroupMembers> membersOfGroup, int regular, int fanOutGroup, int fanOutAuthor, out int hotTopic)
    {
        var topics = new List<TopicPlan>();
        // The long topic: in the biggest group, started early, for the deep-page scenarios.
        topics.Add(NewTopic(0, 0, membersOfGroup[0].Pick(random), TopicKind.Discussion, size.HotTopicPosts, Anchor.AddDays(-700), random));
        hotTopic = 0;
        for (var i = 0; i < 5; i++)
        {
            topics.Add(NewTopic(topics.Count, fanOutGroup, fanOutAuthor, TopicKind.Announcement, 1 + random.Next(20), Anchor.AddDays(-random.Next(2, 60)), random));
        }

        // Topics per group follow Zipf (s = 1); lengths are log-normal (median 5), capped at 1,500.
        var groupWeights = Cumulative(Enumerable.Range(0, regular).Select(g => 1.0 / (g + 1)));
        var budget = size.Posts - topics.Sum(t => t.PostCount);
        while (budget > 0)
        {
            var group = Pick(groupWeights, random);
            var length = Math.Min(budget, Math.Min(1_500, 1 + (int)Math.Exp(1.5 + 1.2 * Gaussian(random))));
            var roll = random.NextDouble();
            var kind = roll < 0.15 ? TopicKind.Question : roll < 0.17 ? TopicKind.Announcement : TopicKind.Discussion;
            var earliest = Math.Max(2, (int)(Anchor - groups[group].CreatedAt).TotalDays - 1);
            topics.Add(NewTopic(topics.Count, group, membersOfGroup[group].Pick(random), kind, length,
                Anchor.AddMinutes(-random.Next(60 * 24, Math.Min(earliest, 730) * 24 * 60)), random));
            budget -= length;
        }

        // Numbers 1, 2, 3… per group in the order topics started.
        foreach (var perGroup in topics.GroupBy(t => t.Group))
        {
            var number = 0;
            foreach (var topic in perGroup.OrderBy(t => t.StartAt).ThenBy(t => t.Index))
            {
                topic.Number = ++number;
            }
        }

        return topics;

        TopicPlan NewTopic(int index, int group, int author, TopicKind kind, int posts, DateTimeOffset start, Random r) =>
            new(index, group, author, kind, Words.Title(r, kind), Some(r, groups[group].Tags, 2), posts, start) { Id = NewGuid(r) };
    }

    private static MembershipPlan Join(GroupPlan group, MemberPlan member, GroupRole role, Random random)
    {
        var from = member.RegisteredAt > group.CreatedAt ? member.RegisteredAt : group.CreatedAt;
        var span = Math.Max(1, (int)(Anchor.AddDays(-2) - from).TotalMinutes);
        return new MembershipPlan(group.Index, member.Index, role, from.AddMinutes(random.Next(span)));
    }

    private static int[] Distinct(Random random, int range, int count, int? exclude)
    {
        var chosen = new HashSet<int>();
        var order = new List<int>();
        while (order.Count < count)
        {
            var next = random.Next(range);
            if (next != exclude && chosen.Add(next))
            {
                order.Add(next);
            }
        }

        return [.. order];
    }

    internal static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return weights.Select(w => sum += w).ToArray();
    }

    internal static int Pick(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(cumulative.Length - 1, index < 0 ? ~index : index);
    }

    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    internal static Guid NewGuid(Random random)
    {
        var bytes = Bytes(random, 16);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as a random Guid would be
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static List<string> Some(Random random, IReadOnlyList<string> from, int most, int atLeast = 0) =>
        Enumerable.Range(0, random.Next(atLeast, most + 1)).Select(_ => from[random.Next(from.Count)]).Distinct().ToList();

    /// <summary>An address's local part in plain ASCII (chloé → chloe): most mail servers refuse anything else without SMTPUTF8.</summary>
    private static string Ascii(string text) =>
        new([.. text.Normalize(System.Text.NormalizationForm.FormD).Where(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'))]);

    /// <summary>The same rule as the forum's handles: lower case, letters and digits, other runs become one underscore.</summary>
    private static string Handle(string name) => OCoP.Modules.Membership.Access.MemberNames.HandleFor(name);
}

/// <summary>A group's members with a sampler weighted by how much each posts.</summary>
internal sealed class GroupMembers
{
    private readonly double[] cumulative;

    public GroupMembers(int[] memberIndexes, IReadOnlyList<MemberPlan> members)
    {
        Indexes = memberIndexes;
        cumulative = CommunityPlan.Cumulative(memberIndexes.Select(i => members[i].Activity));
    }

    public int[] Indexes { get; }

    public int Pick(Random random) => Indexes[CommunityPlan.Pick(cumulative, random)];
}
