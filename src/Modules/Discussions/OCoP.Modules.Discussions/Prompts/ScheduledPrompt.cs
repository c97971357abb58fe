namespace OCoP.Modules.Discussions.Prompts;

/// <summary>
/// A facilitator's discussion question posted at a chosen time (issue 15, item 4): one-off, or a weekly series of
/// <see cref="Occurrences"/>. Each occurrence is a durable scheduled message (docs/adr/0012); <see cref="Posted"/> records
/// the occurrences already posted, under a row lock, so one fires once whatever the number of hosts.
/// </summary>
internal sealed class ScheduledPrompt
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid AuthorId { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset FirstAt { get; set; }
    public int Occurrences { get; set; } = 1;
    public bool Cancelled { get; set; }

    /// <summary>Raised when the prompt's times change before it starts; an occurrence's message of another version does nothing.</summary>
    public int Version { get; set; }

    /// <summary>Occurrence (0-based) → the number of the topic it started.</summary>
    public Dictionary<int, int> Posted { get; set; } = [];

    /// <summary>Why an occurrence could not be posted (the author lost the right, the group became read-only).</summary>
    public Dictionary<int, string> Failed { get; set; } = [];

    public static readonly TimeSpan SeriesInterval = TimeSpan.FromDays(7);

    public DateTimeOffset At(int occurrence) => FirstAt + SeriesInterval * occurrence;
}
