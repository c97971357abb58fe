using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace OCoP.Modules.Knowledge.Wiki;

/// <summary>Line diffs between revisions and the three-way merge of a save that started from an older revision (docs/adr/0017).</summary>
internal static class WikiMerge
{
    public sealed record DiffLine(string Kind, string Text, int? OldNumber, int? NewNumber);

    /// <summary>
    /// Both edits applied to their common base when they change different lines; null when they change the same lines
    /// differently (the same change made twice is not a conflict).
    /// </summary>
    public static string? TryMerge(string baseText, string theirs, string mine)
    {
        if (theirs == mine)
        {
            return mine;
        }

        var result = ThreeWayDiffer.Instance.CreateMerge(baseText, theirs, mine, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        return result.IsSuccessful ? string.Join('\n', result.MergedPieces) : null;
    }

    /// <summary>An inline line diff: every line of both texts once, marked unchanged, deleted or inserted, with its line numbers.</summary>
    public static IReadOnlyList<DiffLine> Diff(string oldText, string newText)
    {
        var model = InlineDiffBuilder.Diff(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var lines = new List<DiffLine>(model.Lines.Count);
        int oldNumber = 0, newNumber = 0;
        foreach (var line in model.Lines)
        {
            switch (line.Type)
            {
                case ChangeType.Deleted:
                    lines.Add(new DiffLine("deleted", line.Text, ++oldNumber, null));
                    break;
                case ChangeType.Inserted:
                    lines.Add(new DiffLine("inserted", line.Text, null, ++newNumber));
                    break;
                case ChangeType.Imaginary:
                    break;
                default:
                    lines.Add(new DiffLine("unchanged", line.Text, ++oldNumber, ++newNumber));
                    break;
            }
        }

        return lines;
    }
}
