using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// Pages show a handler's refusal in the form instead of an error page: field errors next to their inputs, the rest
/// as a summary, with what the member typed kept. Only refusals are caught; anything else is a bug and propagates.
/// </summary>
public static class PageProblems
{
    /// <summary>
    /// Adds the errors of a refusal (validation failure or <see cref="ProblemException"/>) to the model state, keyed
    /// under <paramref name="prefix"/> (the bound property, e.g. "Input"). False for any other exception.
    /// </summary>
    public static bool TryAddProblem(this ModelStateDictionary modelState, Exception exception, string prefix = "Input")
    {
        switch (exception)
        {
            case ValidationException validation:
                foreach (var error in validation.Errors)
                {
                    modelState.AddModelError(Key(prefix, error.PropertyName), error.ErrorMessage);
                }

                return true;
            case ProblemException { Errors: { } errors }:
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        modelState.AddModelError(Key(prefix, field), message);
                    }
                }

                return true;
            case ProblemException problem:
                modelState.AddModelError("", problem.Detail ?? problem.Title);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The usual page POST: send the request; on a refusal show the page again with the errors; on success redirect
    /// (post/redirect/get) with a notice for the layout.
    /// </summary>
    public static async Task<IActionResult> SendThenRedirectAsync<T>(this PageModel page, IMediator mediator, IRequest<T> request,
        Func<T, string> notice, string redirectTo, CancellationToken cancellationToken)
    {
        T result;
        try
        {
            result = await mediator.Send(request, cancellationToken);
        }
        catch (Exception exception) when (page.ModelState.TryAddProblem(exception, prefix: ""))
        {
            return page.Page();
        }

        page.TempData["Notice"] = notice(result);
        return new RedirectResult(redirectTo);
    }

    private static string Key(string prefix, string field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return "";
        }

        var pascal = char.ToUpperInvariant(field[0]) + field[1..];
        return string.IsNullOrEmpty(prefix) ? pascal : $"{prefix}.{pascal}";
    }
}
