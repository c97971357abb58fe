using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Engagement.Email;

namespace OCoP.Modules.Engagement.Pages.Email;

/// <summary>
/// Where an unsubscribe link opened in a browser lands: it shows what the link stops and a button to confirm. Only the
/// POST unsubscribes (mail clients and link checkers open links with GET).
/// </summary>
internal sealed class UnsubscribeModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? What { get; private set; }
    public string? Problem { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await RunAsync(() => mediator.Send(new Unsubscribing.Inspect(Token), cancellationToken), done: false);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await RunAsync(() => mediator.Send(new Unsubscribing.Command(Token), cancellationToken), done: true);

    private async Task<IActionResult> RunAsync(Func<Task<Unsubscribing.Result>> action, bool done)
    {
        try
        {
            What = (await action()).Unsubscribed;
            Done = done;
            return Page();
        }
        catch (ProblemException problem)
        {
            Problem = problem.Errors?.Values.SelectMany(m => m).FirstOrDefault() ?? problem.Detail ?? problem.Title;
            return Page();
        }
    }
}
