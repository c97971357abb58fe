using System.Globalization;

namespace OCoP.BuildingBlocks.Input;

/// <summary>
/// What text the platform stores and searches (docs/adr/0024-text-policy.md): any Unicode text except the control
/// characters U+0000-U+001F and U+007F-U+009F other than tab, line feed and carriage return. PostgreSQL refuses U+0000 in
/// text, and the other control characters have no meaning in a name, a post or a search; they are refused with a field
/// error where input enters (request validation, query strings, paths), never stripped silently. A lone surrogate (JSON
/// allows <c>"\ud800"</c>) is not text either: it cannot be written as UTF-8.
/// </summary>
public static class TextPolicy
{
    /// <summary>The first forbidden character of <paramref name="text"/>, or null when it may be stored.</summary>
    public static char? FirstForbidden(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++; // a pair: one character outside the Basic Multilingual Plane (an emoji)
                continue;
            }

            if (IsForbidden(c) || char.IsSurrogate(c))
            {
                return c;
            }
        }

        return null;
    }

    public static bool IsForbidden(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    /// <summary>The field error for text holding <paramref name="forbidden"/>.</summary>
    public static string Message(char forbidden) =>
        $"This text contains a character (U+{((int)forbidden).ToString("X4", CultureInfo.InvariantCulture)}) that is not allowed: control characters other than tab and line breaks, and unpaired surrogates, cannot be stored.";
}
