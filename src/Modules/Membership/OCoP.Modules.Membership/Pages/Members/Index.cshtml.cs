using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Directory;

namespace OCoP.Modules.Membership.Pages.Members;

[Authorize(Policy = MemberPolicy.Name)]
internal sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Expertise { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Interest { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public CursorPage<MemberDirectory.Entry> Results { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Results = await mediator.Send(new MemberDirectory.Search(Q, Expertise, Interest, Cursor, Limit: 24), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
        }
    }

    /// <summary>The start of a bio for a card, cut at a word boundary.</summary>
    public static string Excerpt(string bio, int length = 140)
    {
        if (bio.Length <= length)
        {
            return bio;
        }

        var cut = bio.LastIndexOf(' ', length);
        return string.Concat(bio.AsSpan(0, cut > length / 2 ? cut : length).TrimEnd(" ,;:.".AsSpan()), "…");
    }

    public string NextPageUrl(string next)
    {
        var query = new Dictionary<string, string?> { ["q"] = Q, ["expertise"] = Expertise, ["interest"] = Interest, ["cursor"] = next }
            .Where(p => !string.IsNullOrEmpty(p.Value));
        return QueryHelpers.AddQueryString("/members", query);
    }
}
