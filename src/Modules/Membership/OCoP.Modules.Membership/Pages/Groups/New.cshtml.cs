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

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var charter = new Charter
        {
            Purpose = Input.Purpose ?? "", Audience = Input.Audience ?? "", WhyNow = Input.WhyNow, Recruitment = Input.Recruitment,
            Leadership = Input.Leadership, Cadence = Input.Cadence, Expectations = Input.Expectations, SkillsToPractise = Input.SkillsToPractise,
        };
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
            // "charter.Purpose" from the validator belongs to the Purpose field of this form.
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.Charter.", StringComparison.Ordinal)).ToList())
            {
                foreach (var error in ModelState[key]!.Errors)
                {
                    ModelState.AddModelError("Input." + key["Input.Charter.".Length..], error.ErrorMessage);
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
        public string? Purpose { get; set; }
        public string? Audience { get; set; }
        public string? WhyNow { get; set; }
        public string? Recruitment { get; set; }
        public string? Leadership { get; set; }
        public string? Cadence { get; set; }
        public string? Expectations { get; set; }
        public string? SkillsToPractise { get; set; }
    }
}
