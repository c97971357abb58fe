namespace OCoP.Modules.Engagement.Follows;

/// <summary>
/// A wiki page as this module knows it, from Knowledge's <c>WikiPageCreated</c> and <c>WikiPageEdited</c>: a page follow
/// needs its group (to refuse following what one cannot read, and to drop it on leaving), and the follows list its title.
/// </summary>
internal sealed class KnownWikiPage
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public string Title { get; set; } = "";
    public string Path { get; set; } = "";
}
