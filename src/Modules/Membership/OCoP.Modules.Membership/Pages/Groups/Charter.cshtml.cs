using OCoP.Modules.Membership.Access;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Groups;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Pages.Groups;

/// <summary>The charter's history for whoever can see the group; editing for sponsors and facilitators.</summary>
internal sealed class CharterModel(IMediator mediator, IMembershipStore store) : PageModel
{
    [BindProperty]
    public CharterInput Charter { get; set; } = new();

    public string Slug { get; private set; } = "";
    public string GroupName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public IReadOnlyList<ViewGroups.Revision> History { get; private set; } = [];
    private Guid GroupId { get; set; }
    private Dictionary<Guid, string> editors = [];

    public string EditorName(Guid id) => editors.GetValueOrDefault(id, MemberNames.FormerMember);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        Charter = CharterInput.From(History[0].Charter);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            var version = await mediator.Send(new GroupSettings.EditCharter(Charter.ToCharter()) { GroupId = GroupId }, cancellationToken);
            TempData["Notice"] = $"Charter saved as version {version}.";
            return Redirect($"/groups/{Slug}");
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            return Page();
        }
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        try
        {
            var group = await mediator.Send(new ViewGroups.Get(slug), cancellationToken);
            (Slug, GroupName, GroupId) = (group.Slug, group.Name, group.Id);
            CanEdit = group.Viewer.Allowed.Contains(GroupAction.EditCharter);
            History = await mediator.Send(new ViewGroups.History(group.Id), cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == 404)
        {
            return false;
        }

        await using var session = store.QuerySession();
        editors = (await session.LoadManyAsync<Member>(cancellationToken, History.Select(h => h.EditedBy).Distinct().ToArray()))
            .ToDictionary(m => m.Id, m => m.DisplayName);
        return true;
    }
}
