using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace OCoP.Modules.Membership.Pages;

/// <summary>Puts a handler's error messages where the form can show them.</summary>
internal static class FormErrors
{
    /// <summary>
    /// Validators name list items ("Input.Expertise[2]") but the form has one input for the whole list: the message goes beside
    /// that input, otherwise no validation message tag helper would ever show it.
    /// </summary>
    public static void MoveItemErrorsToList(this ModelStateDictionary modelState)
    {
        foreach (var key in modelState.Keys.Where(k => k.EndsWith(']')).ToList())
        {
            var list = key[..key.LastIndexOf('[')];
            foreach (var error in modelState[key]!.Errors)
            {
                modelState.AddModelError(list, error.ErrorMessage);
            }

            modelState.Remove(key);
        }
    }

    /// <summary>Shows the errors the handler reported under <paramref name="from"/> beside the page's field <paramref name="to"/>.</summary>
    public static void MoveErrors(this ModelStateDictionary modelState, string from, string to)
    {
        if (modelState[from] is not { Errors.Count: > 0 } entry)
        {
            return;
        }

        foreach (var error in entry.Errors)
        {
            modelState.AddModelError(to, error.ErrorMessage);
        }

        modelState.Remove(from);
    }
}
