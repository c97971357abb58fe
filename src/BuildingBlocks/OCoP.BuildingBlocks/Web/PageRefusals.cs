using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using OCoP.BuildingBlocks.Errors;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// What a page refusal tells the site's status page (/status/{code}, re-executed in the same request) beyond its code:
/// when to try again after a 429, and which group to join when members-only content was asked for (issue 19, item 7).
/// Pages and the API share one rule for who may read what; only the way the refusal is shown differs.
/// </summary>
public static class PageRefusals
{
    private const string RetryAfterKey = "ocop:retry-after";
    private const string JoinKey = "ocop:join-to-read";

    /// <summary>The people's pages, as opposed to the API and its problem documents.</summary>
    /// <remarks>While an exception is handled the request's path is already the handling path: the original one decides.</remarks>
    public static bool IsPageRequest(HttpContext context) =>
        !(context.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original ? new PathString(original) : context.Request.Path).StartsWithSegments("/api");

    public static void SetRetryAfter(HttpContext context, TimeSpan wait) => context.Items[RetryAfterKey] = wait;

    public static TimeSpan? RetryAfter(HttpContext context) => context.Items.TryGetValue(RetryAfterKey, out var wait) ? wait as TimeSpan? : null;

    /// <summary>
    /// A 403 for content that only the members of a group the visitor can see may read: shown as "join to read", with
    /// the way to the group's home (where its fee, term and join form are).
    /// </summary>
    public static ProblemException MembersOnly(string explanation, string groupPath)
    {
        var refusal = ProblemException.Forbidden(explanation);
        refusal.Data[JoinKey] = new JoinToRead(explanation, groupPath);
        return refusal;
    }

    /// <summary>Keeps what the status page needs from a refusal a page answers with a bare status code.</summary>
    public static void Remember(HttpContext context, ProblemException refusal)
    {
        if (refusal.Data[JoinKey] is JoinToRead join)
        {
            context.Items[JoinKey] = join;
        }

        if (refusal.RetryAfter is { } wait)
        {
            SetRetryAfter(context, wait);
        }
    }

    /// <summary>The group to join, from a refusal the page remembered or one that escaped to the exception handler.</summary>
    public static JoinToRead? JoinToRead(HttpContext context) =>
        context.Items.TryGetValue(JoinKey, out var join) && join is JoinToRead remembered ? remembered
        : context.Features.Get<IExceptionHandlerFeature>()?.Error.Data[JoinKey] as JoinToRead;
}

/// <param name="Explanation">What the group's rule says, e.g. "Only members of Lesson Study read its content."</param>
/// <param name="GroupPath">The group's home, where the visitor can read about it and ask to join.</param>
public sealed record JoinToRead(string Explanation, string GroupPath);
