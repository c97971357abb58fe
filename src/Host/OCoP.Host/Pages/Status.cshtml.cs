using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Host.Pages;

/// <summary>
/// What people see for a refused or failed page request, in the site's layout (the API answers with problem documents
/// instead). Re-executed by the status-code and exception middleware, with the original method: a refused form POST
/// shows this page too, hence the POST handler and no antiforgery check (the page changes nothing).
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class StatusModel(TimeProvider clock) : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    /// <summary>For a 429: when the visitor may try again.</summary>
    public DateTimeOffset? TryAgainAt { get; private set; }

    public long? WaitSeconds { get; private set; }

    public JoinToRead? Join { get; private set; }

    /// <summary>Where the visitor was: a way back that is on this site.</summary>
    public string? BackTo { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Code = code ?? failure switch
        {
            ProblemException problem => problem.Status,
            FluentValidation.ValidationException => 400,
            BadHttpRequestException bad => bad.StatusCode,
            _ => HttpContext.Response.StatusCode is >= 400 and var status ? status : 500,
        };
        Response.StatusCode = Code;
        Join = Code == 403 ? PageRefusals.JoinToRead(HttpContext) : null;

        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var originalPath = original?.OriginalPath ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        BackTo = originalPath is { Length: > 0 } path && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && path != "/"
            && !path.StartsWith("/status", StringComparison.Ordinal) && Code is 400 or 409 or 413 or 414 or 429 ? path : null;

        var wait = PageRefusals.RetryAfter(HttpContext) ?? (failure as ProblemException)?.RetryAfter;
        if (Code == 429)
        {
            var seconds = RateLimitState.Seconds(wait ?? TimeSpan.FromMinutes(1));
            WaitSeconds = seconds;
            TryAgainAt = clock.GetUtcNow().AddSeconds(seconds);
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture); // the exception path cleared the headers
        }

        (Title, Explanation) = Code switch
        {
            400 => ("That request could not be used", failure is ProblemException { Detail: { } detail } ? detail : "Something in it was not valid. Go back and check what you entered."),
            401 => ("Sign in first", "This page is for signed-in members. Sign in, or join the community."),
            403 when Join is not null => ("Join to read", Join.Explanation),
            403 => ("Not allowed", failure is ProblemException { Detail: { } detail } ? detail : "Your account may not see or do this."),
            404 => ("Page not found", "There is nothing here, or it is not visible to you. Check the address, or start again from the home page."),
            405 => ("That does not work here", "This page cannot be used that way. Go back and try again from the page itself."),
            409 => ("That changed in the meantime", failure is ProblemException { Detail: { } detail } ? detail : "Reload the page and try again."),
            410 => ("Gone", "This is no longer available."),
            413 => ("Too large", "What you sent is too large. Send something smaller."),
            414 => ("Too long", "The address or search is too long. Shorten what you typed and try again."),
            429 => ("Slow down", $"Too many attempts in a short time. You can try again in {Describe(TimeSpan.FromSeconds(WaitSeconds ?? 60))}."),
            _ => ("Something went wrong", "The fault is ours, not yours. Try again in a moment; if it keeps happening, tell the site's administrators."),
        };
    }

    private static string Describe(TimeSpan wait) => wait.TotalSeconds switch
    {
        <= 1 => "a second",
        < 60 => $"{(int)Math.Ceiling(wait.TotalSeconds)} seconds",
        < 120 => "a minute",
        _ => $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes",
    };
}
