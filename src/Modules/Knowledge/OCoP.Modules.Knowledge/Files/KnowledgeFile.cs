namespace OCoP.Modules.Knowledge.Files;

/// <summary>What a file is attached to.</summary>
internal enum FileTarget
{
    WikiPage,
    BlogPost,
    Resource,
}

/// <summary>
/// A file attached to a page, post or resource: its metadata here, its bytes in <c>knowledge.file_contents</c> (one row
/// per file, written in the same transaction), so every host serves every file (docs/adr/0048).
/// </summary>
internal sealed class KnowledgeFile
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public FileTarget Target { get; set; }
    public Guid TargetId { get; set; }

    /// <summary>The name as uploaded, sanitised: no path, no control or reserved characters.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The type found in the content itself, never the type the uploader claimed.</summary>
    public string ContentType { get; set; } = "";

    public long Length { get; set; }
    public string Sha256 { get; set; } = "";
    public Guid UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
