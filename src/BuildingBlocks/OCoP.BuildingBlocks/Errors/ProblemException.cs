using Microsoft.AspNetCore.Http;
using OCoP.BuildingBlocks.Web;

namespace OCoP.BuildingBlocks.Errors;

/// <summary>
/// A refusal a handler states on purpose (not found, forbidden, conflict...). The exception handler turns it into an
/// RFC 9457 problem with this status; anything else that escapes a handler is a bug and becomes a 500.
/// </summary>
public sealed class ProblemException(int status, string title, string? detail = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IDictionary<string, string[]>? Errors { get; init; }
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For a 429: the quota policy that refused, written as Retry-After and RateLimit headers.</summary>
    public RateLimitState? RateLimit { get; init; }

    public static ProblemException NotFound(string what) => new(StatusCodes.Status404NotFound, "Not found", $"{what} was not found.");
    public static ProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);
    public static ProblemException Unauthorized() => new(StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in or send a personal access token.");
    public static ProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
    public static ProblemException Gone(string detail) => new(StatusCodes.Status410Gone, "Gone", detail);

    public static ProblemException TooManyRequests(string title, string detail, RateLimitState rateLimit) =>
        new(StatusCodes.Status429TooManyRequests, title, detail) { RetryAfter = rateLimit.Reset, RateLimit = rateLimit };

    public static ProblemException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "One or more fields are invalid.")
        {
            Errors = new Dictionary<string, string[]> { [field] = [message] },
        };
}
