using OCoP.BuildingBlocks.Input;

namespace OCoP.BuildingBlocks.Tests;

/// <summary>The input policy of docs/adr/0024: text, declared shape, and the JSON paths its errors name.</summary>
public sealed class InputShapeTests
{
    private sealed record Poll(string Question, IReadOnlyList<string> Options, IReadOnlyList<string?>? Notes);

    private sealed record Command(string Title, string? Body, Poll? Poll, IReadOnlyList<Item> Items, byte[]? Image)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<string> ServerSet { get; init; } = null!;
    }

    private sealed record Item(string Text);

    [Theory]
    [InlineData("plain text", null)]
    [InlineData("tab\tline\nreturn\r", null)]
    [InlineData("emoji 😀 and ünïcödé", null)]
    [InlineData("nul\u0000", '\u0000')]
    [InlineData("bell\u0007", '\u0007')]
    [InlineData("del\u007f", '\u007f')]
    [InlineData("c1\u0085", '\u0085')]
    public void The_text_policy_refuses_control_characters(string text, char? forbidden) =>
        TextPolicy.FirstForbidden(text).ShouldBe(forbidden);

    /// <summary>Built at run time: theory data would carry lone surrogates to the runner as U+FFFD.</summary>
    [Fact]
    public void The_text_policy_refuses_unpaired_surrogates_and_accepts_pairs()
    {
        TextPolicy.FirstForbidden("lone " + '\ud800' + " high").ShouldBe('\ud800');
        TextPolicy.FirstForbidden("lone " + '\udc00' + " low").ShouldBe('\udc00');
        TextPolicy.FirstForbidden("end " + '\ud83d').ShouldBe('\ud83d');
        TextPolicy.FirstForbidden("pair " + '\ud83d' + '\ude00').ShouldBeNull();
    }

    [Fact]
    public void A_well_formed_request_has_no_failures()
    {
        var command = new Command("Title", null, new Poll("Q", ["a", "b"], [null]), [new Item("x")], new byte[1000]);

        InputShape.Check(command).ShouldBeEmpty();
    }

    [Fact]
    public void Failures_name_the_JSON_path_of_text_nulls_and_null_items()
    {
        var command = new Command("T\u0000", "B\u0001", new Poll("Q", ["a", null!], null), null!, null);

        InputShape.Check(command).Select(f => f.PropertyName).Order().ShouldBe(["body", "items", "poll.options[1]", "title"]);
    }

    [Fact]
    public void A_missing_nested_object_list_and_a_null_list_item_are_failures_but_a_missing_text_is_left_to_validators()
    {
        var command = new Command(null!, null, new Poll(null!, null!, null), [null!], null);

        InputShape.Check(command).Select(f => f.PropertyName).Order().ShouldBe(["items[0]", "poll.options"]);
    }
}
