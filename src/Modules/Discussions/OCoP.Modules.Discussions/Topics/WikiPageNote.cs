namespace OCoP.Modules.Discussions.Topics;

/// <summary>A note in a topic: its content was captured into the wiki page at <see cref="Path"/>.</summary>
internal sealed record WikiPageNote(Guid PageId, string Title, string Path, DateTimeOffset At);
