namespace OCoP.Benchmarks.DataGenerator;

/// <summary>
/// How big a generated community is. Every size keeps the fixtures the load scenarios need: a topic long enough for a
/// deep page, a member with 1,000 followers who watch their group, members holding access tokens, and a busy group calendar
/// (events in proportion to members, the main group at least a fifth; about 20 answers an event).
/// </summary>
internal sealed record DatasetSize(string Name, int Members, int Groups, int Posts, int HotTopicPosts, int ActivityPosts, int WikiPagesPerGroup,
    int WikiRevisions, int Resources, int Events, int Rsvps)
{
    /// <summary>Members holding a personal access token: reply authors, feed readers.</summary>
    public const int TokenHolders = 200;

    /// <summary>Followers of the fan-out author, all watching the fan-out group.</summary>
    public const int FanOutFollowers = 1_000;

    /// <summary>Revisions of the main group's first wiki page, the page the wiki-read scenario reads.</summary>
    public int HotPageRevisions => 1_000;

    public static readonly DatasetSize Small = new("small", 1_500, 15, 20_000, 2_000, 1_000, 5, 2_000, 1_500, 1_000, 20_000);
    public static readonly DatasetSize Medium = new("medium", 6_000, 90, 200_000, 10_000, 2_000, 10, 10_000, 9_000, 6_000, 120_000);
    public static readonly DatasetSize Large = new("large", 20_000, 300, 1_000_000, 10_000, 3_000, 20, 50_000, 30_000, 20_000, 400_000);

    public static DatasetSize Parse(string name) => name.ToLowerInvariant() switch
    {
        "small" => Small,
        "medium" => Medium,
        "large" => Large,
        _ => throw new ArgumentException($"Unknown dataset size '{name}': use small, medium or large."),
    };
}
