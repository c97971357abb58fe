using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Development;

namespace OCoP.Modules.Engagement.Pages.Development;

/// <summary>The record to print or save as PDF (<c>/me/development/print</c>): the same content, without the site's navigation.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class PrintDevelopmentModel(IMediator mediator, CurrentMember me, IOptions<SiteOptions> site) : PageModel
{
    public MyDevelopment.DevelopmentView Record { get; private set; } = null!;

    public string SiteName => site.Value.Name;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Record = await mediator.Send(new MyDevelopment.Query(me.Id), cancellationToken);
}
