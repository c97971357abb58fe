using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Paging;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Resources;

/// <summary>A group's resource directory with its filters: kind, tag, vetted only, lowest rating.</summary>
internal sealed class IndexModel(IMediator mediator) : PageModel
{
    public WikiHome.View Home { get; private set; } = null!;
    public CursorPage<ResourceDirectory.ResourceSummary> Resources { get; private set; } = null!;
    public ResourceKind? Kind { get; private set; }
    public string? Tag { get; private set; }
    public bool VettedOnly { get; private set; }
    public int? MinRating { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, ResourceKind? kind, string? tag, bool? vetted, int? minRating, string? cursor,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(async () =>
        {
            Home = await mediator.GetWikiAsync(slug, cancellationToken);
            (Kind, Tag, VettedOnly, MinRating) = (kind, tag, vetted == true, minRating is >= 1 and <= 5 ? minRating : null);
            Resources = await mediator.Send(new ResourceDirectory.ListResources(Home.GroupId, Kind, Tag, VettedOnly ? true : null, MinRating, cursor, 20),
                cancellationToken);
        }, () => Task.FromResult<IActionResult>(Page()));

    public string NextPage(string cursor) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["kind"] = Kind?.ToString(), ["tag"] = Tag, ["vetted"] = VettedOnly ? "true" : null, ["minRating"] = MinRating?.ToString(), ["cursor"] = cursor,
        }.Where(p => p.Value is not null)).ToUriComponent();
}
