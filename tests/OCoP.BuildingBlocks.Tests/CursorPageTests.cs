using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.BuildingBlocks.Tests;

/// <summary>A short list read whole answers the same pages as a keyset list: every item once, in order, then no cursor.</summary>
public sealed class CursorPageTests
{
    [Fact]
    public void Following_next_cursor_visits_every_item_once_in_order_and_ends_with_no_cursor()
    {
        var all = Enumerable.Range(1, 45).ToList();
        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = CursorPage.Of(all, cursor, 20);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        seen.ShouldBe(all);
        pages.ShouldBe(3);
    }

    [Fact]
    public void A_list_that_fits_is_one_page_without_a_cursor()
    {
        var page = CursorPage.Of(["a", "b"], null, null);
        page.Items.ShouldBe(["a", "b"]);
        page.NextCursor.ShouldBeNull();
        CursorPage.Of(Array.Empty<string>(), null, 5).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("")]
    public void A_cursor_it_did_not_write_is_a_400_naming_cursor(string cursor)
    {
        var keyset = Cursor.Encode("2026-11-30", Guid.NewGuid()); // a keyset cursor from another list is not a position
        foreach (var bad in new[] { cursor, keyset })
        {
            var problem = Should.Throw<ProblemException>(() => CursorPage.Of([1, 2, 3], bad, 2));
            problem.Status.ShouldBe(400);
            problem.Errors!.Keys.ShouldBe(["cursor"]);
        }
    }
}
