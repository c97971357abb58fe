using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Web;

namespace OCoP.BuildingBlocks.Errors;

/// <summary>Maps every exception that escapes an endpoint to an RFC 9457 problem. Only unknown exceptions are 500s.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (PageRefusals.IsPageRequest(context))
        {
            if (exception is not (ProblemException or ValidationException or BadHttpRequestException or OperationCanceledException))
            {
                logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            }

            return false; // people get the site's status page (the host's exception handling path), not a problem document
        }

        var problem = exception switch
        {
            ValidationException validation => FieldErrors(validation.Errors
                .GroupBy(e => ToCamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            ProblemException known => Known(context, known),
            BadHttpRequestException bad => BindingProblems.Of(bad),
            JsonException json => BindingProblems.Of(json),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => new ProblemDetails { Status = 499, Title = "Client closed request" },
            _ when IsSimultaneousChange(exception) => new ProblemDetails
            {
                Status = 409, Title = "Someone changed this at the same moment.", Detail = "Reload it and try again.",
            },
            _ => null,
        };

        if (problem is { Status: 409 } && exception is not ProblemException)
        {
            // Expected now and then; many of them on one path would mean a lock is missing there.
            logger.LogWarning(exception, "Simultaneous change refused on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred." };
        }

        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// Two requests changed one document at once: optimistic concurrency refused the second, or both inserted the same id
    /// (the next charter version). That is a conflict the caller resolves by reloading, not a fault of the server.
    /// </summary>
    internal static bool IsSimultaneousChange(Exception? exception) => exception switch
    {
        null => false,
        JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsSimultaneousChange),
        _ => IsSimultaneousChange(exception.InnerException),
    };

    private static ProblemDetails Known(HttpContext context, ProblemException known)
    {
        if (known.RateLimit is { } rateLimit)
        {
            rateLimit.WriteTo(context.Response.Headers);
        }
        else if (known.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = RateLimitState.Seconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return known.Errors is { } errors
            ? FieldErrors(errors, known.Status, known.Title)
            : new ProblemDetails { Status = known.Status, Title = known.Title, Detail = known.Detail };
    }

    internal static ValidationProblemDetails FieldErrors(IDictionary<string, string[]> errors, int status = 400, string title = "One or more fields are invalid.") =>
        new(errors) { Status = status, Title = title };

    internal static string ToCamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : JsonNamingPolicy.CamelCase.ConvertName(name);
}
