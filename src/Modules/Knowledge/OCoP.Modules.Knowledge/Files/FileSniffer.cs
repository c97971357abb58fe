using System.Text;

namespace OCoP.Modules.Knowledge.Files;

/// <summary>
/// The type allow-list, decided by the bytes: PDF, PNG, JPEG, GIF, office documents (zip containers named .docx, .xlsx,
/// .pptx, .odt, .ods, .odp), zip, and UTF-8 text. Anything else (executables, unknown binaries) is refused.
/// </summary>
internal static class FileSniffer
{
    private static readonly Dictionary<string, string> ZipContainers = new(StringComparer.OrdinalIgnoreCase)
    {
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        [".odp"] = "application/vnd.oasis.opendocument.presentation",
    };

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>The content's type, or null when it is not on the list.</summary>
    public static string? TypeOf(ReadOnlySpan<byte> content, string fileName)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (content.StartsWith(PngMagic))
        {
            return "image/png";
        }

        if (content.StartsWith(JpegMagic))
        {
            return "image/jpeg";
        }

        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (content.StartsWith(ZipMagic))
        {
            return ZipContainers.GetValueOrDefault(Path.GetExtension(fileName), "application/zip");
        }

        return IsText(content) ? "text/plain; charset=utf-8" : null;
    }

    /// <summary>UTF-8 without NUL and without control characters other than tab, line feed, carriage return and form feed.</summary>
    private static bool IsText(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0 || !System.Text.Unicode.Utf8.IsValid(content))
        {
            return false;
        }

        foreach (var b in content)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The last path segment, without control or reserved characters, at most 150 characters; "file" when nothing is left.</summary>
    public static string SafeName(string? uploaded)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c) && "\"*:<>?|".IndexOf(c) < 0 && !char.IsSurrogate(c))
            {
                kept.Append(c);
            }
        }

        var safe = kept.ToString().Trim().Trim('.').Trim();
        if (safe.Length > 150)
        {
            var extension = Path.GetExtension(safe);
            safe = safe[..(150 - Math.Min(extension.Length, 20))] + extension[..Math.Min(extension.Length, 20)];
        }

        return safe.Length == 0 ? "file" : safe;
    }
}
