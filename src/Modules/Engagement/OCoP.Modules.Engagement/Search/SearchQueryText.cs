using System.Text;
using System.Text.RegularExpressions;

namespace OCoP.Modules.Engagement.Search;

/// <summary>
/// A search box's text, split for PostgreSQL: <c>websearch_to_tsquery</c> takes the phrases ("..."), OR and -exclusions;
/// words ending in <c>*</c> become prefix terms; the whole text, folded, is what trigram matching of names compares.
/// Only letters and digits ever reach a prefix term, so nothing typed can change the query's syntax.
/// </summary>
internal sealed partial record SearchQueryText(string Web, IReadOnlyList<string> Prefixes, string? Names)
{
    public const int MaxLength = 200;

    public static SearchQueryText Parse(string text)
    {
        var prefixes = PrefixPattern().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().Take(5).ToList();
        var web = PrefixPattern().Replace(text, " ");
        var letters = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            letters.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        var names = string.Join(' ', letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return new SearchQueryText(web, prefixes, names.Count(char.IsLetterOrDigit) >= 3 ? names : null);
    }

    [GeneratedRegex(@"([\p{L}\p{N}]{2,})\*", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
