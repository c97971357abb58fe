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
        var problem = exception switch
        {
            ValidationException validation => FieldErrors(validation.Errors
                .GroupBy(e => ToCamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
            ProblemException known => Known(context, known),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : bad.Message,
            },
            JsonException json => new ProblemDetails { Status = 400, Title = "The request body is not valid JSON.", Detail = json.Message },
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => new ProblemDetails { Status = 499, Title = "Client closed request" },
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred." };
        }

        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

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

    private static ValidationProblemDetails FieldErrors(IDictionary<string, string[]> errors, int status = 400, string title = "One or more fields are invalid.") =>
        new(errors) { Status = status, Title = title };

    private static string ToCamelCase(string name) =>
        string.IsNullOrEmpty(name) ? name : JsonNamingPolicy.CamelCase.ConvertName(name);
}
