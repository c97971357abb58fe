using System.Globalization;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Development;

namespace OCoP.Modules.Engagement.Pages.Development;

/// <summary>
/// The member's own professional-development record (<c>/me/development</c>, docs/workbench.md) and the form to add an
/// entry of their own, without JavaScript: a refused entry comes back with each error beside its field and every value
/// kept (the request is the API's). Printable: <c>/me/development/print</c>; CSV: the API's <c>development.csv</c>.
/// </summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class MyDevelopmentModel(IMediator mediator, CurrentMember me, IValidator<MyDevelopment.AddEntry> validator) : PageModel
{
    public MyDevelopment.DevelopmentView Record { get; private set; } = null!;

    public string Skill { get; private set; } = "";
    public string Date { get; private set; } = "";
    public string Note { get; private set; } = "";
    public string Hours { get; private set; } = "";

    public string CsvUrl => $"/api/engagement/members/{me.Id}/development.csv";

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Record = await mediator.Send(new MyDevelopment.Query(me.Id), cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? skill, string? date, string? note, string? hours, CancellationToken cancellationToken)
    {
        (Skill, Date, Note, Hours) = (skill ?? "", date ?? "", note ?? "", hours ?? "");
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (DateOnly.TryParseExact(Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                day = parsed;
            }
            else
            {
                ModelState.AddModelError("Date", "Give the day as year-month-day, such as 2026-11-20.");
            }
        }

        decimal? spent = null;
        if (!string.IsNullOrWhiteSpace(Hours))
        {
            if (decimal.TryParse(Hours.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                spent = parsed;
            }
            else
            {
                ModelState.AddModelError("Hours", "Give the hours as a number, such as 1.5.");
            }
        }

        var add = new MyDevelopment.AddEntry(Skill, day, Note, spent) { MemberId = me.Id };
        if (!ModelState.IsValid)
        {
            // A day or hours that do not parse: the other fields are still checked by the API's rules, so every error shows at once.
            foreach (var error in (await validator.ValidateAsync(add, cancellationToken)).Errors.Where(e => ModelState[e.PropertyName] is not { Errors.Count: > 0 }))
            {
                ModelState.AddModelError(error.PropertyName, error.ErrorMessage);
            }
        }
        else
        {
            try
            {
                var entry = await mediator.Send(add, cancellationToken);
                TempData["Notice"] = $"Added to your record: {entry.Skill}.";
                return Redirect("/me/development#entries");
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
            }
        }

        Record = await mediator.Send(new MyDevelopment.Query(me.Id), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid entryId, CancellationToken cancellationToken)
    {
        var result = await this.SendThenRedirectAsync(mediator, new MyDevelopment.RemoveEntry(me.Id, entryId), _ => "The entry is removed from your record.",
            "/me/development#entries", cancellationToken);
        if (result is PageResult)
        {
            Record = await mediator.Send(new MyDevelopment.Query(me.Id), cancellationToken);
        }

        return result;
    }
}
