using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace OCoP.BuildingBlocks.Input;

/// <summary>
/// Refuses, before routing, what no endpoint can use (docs/adr/0024-text-policy.md): a path or query value holding a
/// forbidden control character (a NUL in a search reaches PostgreSQL, which refuses it), a path longer than
/// <see cref="MaxPathLength"/>, and a JSON body declared in another charset than UTF-8 (RFC 8259 allows no other; the
/// framework throws on an unknown one). The API answers a problem naming the query parameter; pages get the status page.
/// </summary>
public static class InputGuard
{
    public const int MaxPathLength = 2048;

    public static IApplicationBuilder UseInputGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // A status page re-executed for an earlier refusal is the site's own request: let it through.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is null && Refusal(context.Request) is { } problem)
        {
            context.Response.StatusCode = problem.Status!.Value;
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            }

            return;
        }

        await next(context);
    });

    internal static ProblemDetails? Refusal(HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path).Value ?? "";
        if (path.Length > MaxPathLength)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status414UriTooLong,
                Title = "The address is too long.",
                Detail = $"Paths are at most {MaxPathLength} characters.",
            };
        }

        if (TextPolicy.FirstForbidden(path) is { } inPath)
        {
            return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The address is not valid.", Detail = TextPolicy.Message(inPath) };
        }

        var errors = new Dictionary<string, string[]>();
        foreach (var (key, values) in request.Query)
        {
            var field = TextPolicy.FirstForbidden(key) is null ? key : "query";
            foreach (var value in values)
            {
                if ((TextPolicy.FirstForbidden(key) ?? TextPolicy.FirstForbidden(value)) is { } inQuery)
                {
                    errors[field] = [TextPolicy.Message(inQuery)];
                }
            }
        }

        if (errors.Count > 0)
        {
            return new ValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = "One or more fields are invalid." };
        }

        return UnsupportedCharset(request.ContentType);
    }

    /// <summary>A JSON body in any charset but UTF-8 is a 415 (the framework would throw on an unknown one: a 500).</summary>
    private static ProblemDetails? UnsupportedCharset(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return null;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                     mediaType.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        var charset = mediaType.Charset.HasValue ? mediaType.Charset.Value!.Trim('"') : null;
        if (!isJson || charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) ||
            charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new ProblemDetails
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = "Unsupported media type",
            Detail = "Send the body as application/json in UTF-8 (charset=utf-8, or no charset).",
        };
    }
}
