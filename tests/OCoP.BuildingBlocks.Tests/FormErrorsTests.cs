using Microsoft.AspNetCore.Mvc.ModelBinding;
using OCoP.BuildingBlocks.Web;

namespace OCoP.BuildingBlocks.Tests;

public sealed class FormErrorsTests
{
    [Fact]
    public void Errors_of_a_request_field_its_items_and_its_members_move_beside_the_pages_field_whatever_their_case()
    {
        var state = new ModelStateDictionary();
        state.AddModelError("Input.Poll.Options", "Give two options or more.");
        state.AddModelError("Input.Poll.Options[2]", "An option has at most 100 characters.");
        state.AddModelError("input.poll.options.count", "Too many.");
        state.AddModelError("Input.Title", "Give a title.");

        state.MoveErrors("Input.Poll.Options", "Input.PollOptions");

        state.ErrorFor("Input.PollOptions").ShouldBe("Give two options or more. An option has at most 100 characters. Too many.");
        state.Keys.Order(StringComparer.Ordinal).ShouldBe(["Input.PollOptions", "Input.Title"]);
    }

    [Fact]
    public void Moving_errors_from_a_field_that_has_none_changes_nothing()
    {
        var state = new ModelStateDictionary();
        state.AddModelError("Password", "Wrong password.");

        state.MoveErrors("Reason", "DeleteReason");

        state.Keys.ShouldBe(["Password"]);
    }

    [Fact]
    public void Item_errors_go_beside_the_one_input_of_their_list()
    {
        var state = new ModelStateDictionary();
        state.AddModelError("Input.Expertise[0]", "Too long.");
        state.AddModelError("Input.Expertise[2]", "Not allowed.");

        state.MoveItemErrorsToList();

        state.ErrorFor("Input.Expertise").ShouldBe("Too long. Not allowed.");
        state.Keys.ShouldBe(["Input.Expertise"]);
    }

    [Fact]
    public void A_field_shows_its_distinct_messages_and_is_marked_invalid_only_when_it_has_some()
    {
        var state = new ModelStateDictionary();
        state.AddModelError("Body", "Write something.");
        state.AddModelError("Body", "Write something.");

        state.ErrorFor("Body").ShouldBe("Write something.");
        state.Invalid("Body").ShouldBe("true");
        state.Invalid("Reason").ShouldBeNull();
        FormErrors.FieldId("Input.PollClosesAt").ShouldBe("input-pollclosesat");
    }
}
