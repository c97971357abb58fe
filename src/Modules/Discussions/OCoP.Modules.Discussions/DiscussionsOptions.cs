namespace OCoP.Modules.Discussions;

/// <summary>Site-wide posting rules (section <c>Discussions</c>); each group sets its own auto-close and flag threshold.</summary>
internal sealed class DiscussionsOptions
{
    public const string Section = "Discussions";

    /// <summary>Like Discourse's trust level 0: what a member may do in their first day in a group.</summary>
    public NewMemberLimits NewMembers { get; set; } = new();

    /// <summary>Topics plus replies one member may write in any minute, everywhere; more is a 429 with Retry-After.</summary>
    public int PostsPerMinute { get; set; } = 10;

    /// <summary>Distinct members whose flags hide a post until a facilitator reviews it, unless the group says otherwise.</summary>
    public int DefaultFlagThreshold { get; set; } = 3;

    /// <summary>How often idle topics are looked for, once per period across all hosts (0 turns the sweep off; tests send it themselves).</summary>
    public double AutoCloseSweepMinutes { get; set; } = 60;

    internal sealed class NewMemberLimits
    {
        public TimeSpan Period { get; set; } = TimeSpan.FromDays(1);
        public int Topics { get; set; } = 3;
        public int Replies { get; set; } = 10;
        public int LinksPerPost { get; set; } = 2;
    }
}
