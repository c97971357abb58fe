using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// Puts a handler's error messages beside the form's fields, which are sometimes shaped unlike the request, and tells a
/// page how to show them. One implementation for every module's pages.
/// </summary>
public static class FormErrors
{
    /// <summary>
    /// Moves the errors reported under <paramref name="from"/>, its list items ("Poll.Options[2]") and its members
    /// ("Poll.closesAt") to the page's field <paramref name="to"/>. Handlers name fields in camelCase, validators in
    /// PascalCase: the match ignores case. Errors already under <paramref name="to"/> stay where they are.
    /// </summary>
    public static void MoveErrors(this ModelStateDictionary modelState, string from, string to)
    {
        var keys = modelState.Keys.Where(key => !key.Equals(to, StringComparison.OrdinalIgnoreCase) &&
            (key.Equals(from, StringComparison.OrdinalIgnoreCase) || key.StartsWith(from + "[", StringComparison.OrdinalIgnoreCase) ||
             key.StartsWith(from + ".", StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var key in keys)
        {
            foreach (var error in modelState[key]!.Errors.ToList())
            {
                modelState.AddModelError(to, error.ErrorMessage);
            }

            modelState.Remove(key);
        }
    }

    /// <summary>
    /// Validators name list items ("Input.Expertise[2]") but a form may have one input for the whole list: every item's
    /// message goes beside that input, otherwise no validation message would ever show it.
    /// </summary>
    public static void MoveItemErrorsToList(this ModelStateDictionary modelState)
    {
        foreach (var list in modelState.Keys.Where(k => k.EndsWith(']')).Select(k => k[..k.LastIndexOf('[')]).Distinct().ToList())
        {
            modelState.MoveErrors(list, list);
        }
    }

    /// <summary>The messages for one field, joined, or null when it has none: what the field's error element shows.</summary>
    public static string? ErrorFor(this ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage).Distinct()) : null;

    /// <summary>The value of aria-invalid for a field: "true", or null so that Razor leaves the attribute out.</summary>
    public static string? Invalid(this ModelStateDictionary modelState, string key) => modelState.ErrorFor(key) is null ? null : "true";

    /// <summary>
    /// The id of the field an error is about ("Input.Title" is "input-title"); its error element is that id plus "-error".
    /// Lower case because model state keys are not: an error keeps the casing of the first entry under its key, which may
    /// be the bound parameter ("body") or the validator's property ("Body"), and a link to a field must find it either way.
    /// </summary>
    public static string FieldId(string key) => key.Replace('.', '-').ToLowerInvariant();
}
