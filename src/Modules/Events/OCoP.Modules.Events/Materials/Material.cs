namespace OCoP.Modules.Events.Materials;

/// <summary>
/// Pre-reading or a resource for a session: a titled link (http or https). Files live in Knowledge's file storage, which
/// offers no reference in its Contracts yet, so a file is attached by its link; Events never reads Knowledge's tables.
/// </summary>
internal sealed record Material(string Title, string Url, string? Note);
