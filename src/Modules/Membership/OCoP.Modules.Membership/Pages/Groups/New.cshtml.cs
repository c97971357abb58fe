using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;

namespace OCoP.Modules.Membership.Pages.Groups;

[Authorize(Policy = MemberPolicy.Name)]
internal sealed class NewModel(IMediator mediator, CurrentMember me) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public CharterInput Charter { get; set; } = new();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var charter = Charter.ToCharter();
        var topics = (Input.Topics ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        try
        {
            var created = await mediator.Send(new CreateGroup.Command(Input.Name ?? "", charter, Input.Visibility, Input.JoinPolicy, Input.Capacity, topics)
                { CreatorId = me.Id }, cancellationToken);
            TempData["Notice"] = "Your group is ready. You are its sponsor and facilitator.";
            return Redirect($"/groups/{created.Slug}");
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception))
        {
            // The validator names charter fields "Charter.Purpose"; on this page they are bound as Charter, not Input.Charter.
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.Charter.", StringComparison.Ordinal)).ToList())
            {
                foreach (var error in ModelState[key]!.Errors)
                {
                    ModelState.AddModelError(key["Input.".Length..], error.ErrorMessage);
                }

                ModelState.Remove(key);
            }

            return Page();
        }
    }

    internal sealed class InputModel
    {
        public string? Name { get; set; }
        public string? Topics { get; set; }
        public GroupVisibility Visibility { get; set; } = GroupVisibility.Public;
        public JoinPolicy JoinPolicy { get; set; } = JoinPolicy.Open;
        public int? Capacity { get; set; }
    }
}
