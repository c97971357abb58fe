namespace OCoP.Modules.Knowledge.Contracts;

// Integration events of the group resource directories; the same conventions as WikiEvents.cs (never move them to
// another namespace).

public sealed record ResourceAdded(Guid GroupId, Guid ResourceId, string Title, string Kind, Guid SubmitterId, string Path, DateTimeOffset At);

/// <summary>A domain expert vetted (<see cref="Vetted"/>) or unvetted the resource.</summary>
public sealed record ResourceVetted(Guid GroupId, Guid ResourceId, string Title, bool Vetted, Guid ExpertId, string Path, DateTimeOffset At);

/// <summary>A member flagged a concern (outdated, broken link, wrong, other); the link check flags broken links with no member.</summary>
public sealed record ResourceConcernFlagged(Guid GroupId, Guid ResourceId, string Title, string Concern, Guid? FlaggedBy, string Path, DateTimeOffset At);
