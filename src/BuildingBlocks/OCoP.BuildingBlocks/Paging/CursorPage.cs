using System.Buffers.Text;
using System.Text;

namespace OCoP.BuildingBlocks.Paging;

/// <summary>One page of a keyset-paged list. <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset cursors: the sort key and id of the last item seen, opaque to clients. Keyset paging stays fast at any depth,
/// unlike OFFSET, and does not skip or repeat items when rows are added between pages.
/// </summary>
public static class Cursor
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static string Encode(string sortKey, Guid id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{sortKey}\u001f{id:N}"));

    /// <summary>Reads a cursor; false for anything this code did not write (it is then a 400 for the caller).</summary>
    public static bool TryDecode(string? cursor, out string sortKey, out Guid id)
    {
        sortKey = "";
        id = Guid.Empty;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 1024)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var separator = text.LastIndexOf('\u001f');
            if (separator < 0 || !Guid.TryParseExact(text[(separator + 1)..], "N", out id))
            {
                return false;
            }

            sortKey = text[..separator];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Clamps a requested page size into 1..<see cref="MaxLimit"/>.</summary>
    public static int Limit(int? requested) => Math.Clamp(requested ?? DefaultLimit, 1, MaxLimit);

    /// <summary>
    /// Builds a page from a query that fetched one row more than <paramref name="limit"/>: that extra row only says that
    /// a next page exists.
    /// </summary>
    public static CursorPage<T> Page<T>(IReadOnlyList<T> fetched, int limit, Func<T, (string SortKey, Guid Id)> key)
    {
        if (fetched.Count <= limit)
        {
            return new CursorPage<T>(fetched, null);
        }

        var items = fetched.Take(limit).ToList();
        var (sortKey, id) = key(items[^1]);
        return new CursorPage<T>(items, Encode(sortKey, id));
    }
}

/// <summary>
/// Pages a short, bounded list that was read whole (a post's reactions, a member's tokens), so that it answers the same
/// page shape as every other list (docs/api.md). The cursor is the position of the next item, opaque to clients like a
/// keyset cursor; a list that can grow without bound pages by keyset with <see cref="Cursor.Page{T}"/> instead.
/// </summary>
public static class CursorPage
{
    private const string PositionKey = "position:";

    public static CursorPage<T> Of<T>(IReadOnlyList<T> all, string? cursor, int? limit)
    {
        var start = 0;
        if (cursor is not null && (!Cursor.TryDecode(cursor, out var key, out _) || !key.StartsWith(PositionKey, StringComparison.Ordinal) ||
                                   !int.TryParse(key.AsSpan(PositionKey.Length), out start) || start < 0))
        {
            throw Errors.ProblemException.Invalid("cursor", "This cursor is not one we issued.");
        }

        var size = Cursor.Limit(limit);
        var items = all.Skip(start).Take(size).ToList();
        var next = start + items.Count < all.Count ? Cursor.Encode(PositionKey + (start + items.Count), Guid.Empty) : null;
        return new CursorPage<T>(items, next);
    }
}
