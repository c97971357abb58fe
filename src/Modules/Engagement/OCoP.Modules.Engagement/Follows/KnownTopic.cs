namespace OCoP.Modules.Engagement.Follows;

/// <summary>
/// A discussion topic as this module knows it, from Discussions' <c>TopicCreated</c>: a topic follow needs its group
/// (to refuse following what one cannot read, and to drop it on leaving), and a reply's feed entries need its tags.
/// </summary>
internal sealed class KnownTopic
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Path { get; set; } = "";
    public List<string> Tags { get; set; } = [];
}
