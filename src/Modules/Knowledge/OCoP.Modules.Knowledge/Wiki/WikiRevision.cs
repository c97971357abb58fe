namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>One saved version of a page: its own document, numbered from 1 within the page (unique index).</summary>
internal sealed class WikiRevision
{
    public Guid Id { get; set; }
    public Guid PageId { get; set; }
    public Guid GroupId { get; set; }
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string Source { get; set; } = "";
    public Guid AuthorId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Summary { get; set; } = "";

    /// <summary>The save started from an older revision and was merged with the ones written since (three-way).</summary>
    public bool Merged { get; set; }

    /// <summary>This revision restored the text of that one.</summary>
    public int? RevertedFrom { get; set; }
}
