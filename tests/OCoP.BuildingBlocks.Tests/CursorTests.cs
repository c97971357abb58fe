using System.Text;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.BuildingBlocks.Tests;

public sealed class CursorTests
{
    [Fact]
    public void A_cursor_round_trips_its_sort_key_and_id()
    {
        var id = Guid.NewGuid();
        var cursor = Cursor.Encode("grace hopper\u001fwith separator", id);
        Cursor.TryDecode(cursor, out var sortKey, out var decodedId).ShouldBeTrue();
        sortKey.ShouldBe("grace hopper\u001fwith separator");
        decodedId.ShouldBe(id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("!!!!")]
    public void Garbage_is_not_a_cursor(string? cursor) => Cursor.TryDecode(cursor, out _, out _).ShouldBeFalse();

    [Fact]
    public void Valid_base64_of_the_wrong_shape_and_very_long_strings_are_not_cursors()
    {
        Cursor.TryDecode(Convert.ToBase64String(Encoding.UTF8.GetBytes("no separator here")).TrimEnd('='), out _, out _).ShouldBeFalse();
        Cursor.TryDecode(Convert.ToBase64String(Encoding.UTF8.GetBytes("key\u001fnot-a-guid")).TrimEnd('='), out _, out _).ShouldBeFalse();
        Cursor.TryDecode(new string('A', 2000), out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_page_has_a_next_cursor_only_when_more_rows_were_fetched_than_asked()
    {
        var rows = Enumerable.Range(0, 4).Select(i => (Key: $"k{i}", Id: Guid.NewGuid())).ToList();

        var full = Cursor.Page(rows, 3, r => (r.Key, r.Id));
        full.Items.Count.ShouldBe(3);
        Cursor.TryDecode(full.NextCursor, out var after, out var afterId).ShouldBeTrue();
        after.ShouldBe("k2");
        afterId.ShouldBe(rows[2].Id);

        var last = Cursor.Page(rows, 4, r => (r.Key, r.Id));
        last.Items.Count.ShouldBe(4);
        last.NextCursor.ShouldBeNull();
    }

    [Theory]
    [InlineData(null, Cursor.DefaultLimit)]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(50, 50)]
    [InlineData(5000, Cursor.MaxLimit)]
    public void Limits_are_clamped(int? requested, int expected) => Cursor.Limit(requested).ShouldBe(expected);
}
