using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// Cross-site request forgery on the JSON API (docs/adr/0027-api-csrf.md). A browser sends the session cookie with any
/// request to the site, whoever's page makes it; SameSite=Lax and the 415 on form bodies were the only defences. An
/// unsafe request (POST, PUT, PATCH, DELETE) under <c>/api</c> that is authenticated by the session cookie must show it
/// comes from the site itself: an <c>Origin</c> equal to the site's (the request's own, or <c>Site:BaseUrl</c>'s), or
/// <c>Sec-Fetch-Site: same-origin</c>, or a valid antiforgery token in the <see cref="HeaderName"/> header. Otherwise it
/// is refused with a 403 problem and changes nothing. Requests with a bearer token carry no ambient credential and pass.
/// </summary>
public static class ApiCsrf
{
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>Goes after <c>UseAuthentication</c> and <c>UseBearerChallenges</c>.</summary>
    public static IApplicationBuilder UseApiCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsCookieAuthenticatedUnsafeApiRequest(context) && !await FromTheSiteAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-site request refused",
                    Detail = $"A request signed in by the session cookie must come from this site: send its Origin, or the {HeaderName} header. " +
                             "Integrators use a personal access token instead.",
                },
            });
            return;
        }

        await next();
    });

    private static bool IsCookieAuthenticatedUnsafeApiRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") &&
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)) &&
        context.User.Identity?.IsAuthenticated == true &&
        !BearerChallenges.SendsBearer(context.Request);

    private static async Task<bool> FromTheSiteAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers["Sec-Fetch-Site"].ToString() == "same-origin")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        var site = context.RequestServices.GetService<IOptions<SiteOptions>>()?.Value.BaseUrl;
        if (origin.Length > 0 && (string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase) ||
                                  (Uri.TryCreate(site, UriKind.Absolute, out var baseUrl) &&
                                   string.Equals(origin, baseUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))))
        {
            return true;
        }

        // A page of the site can send its antiforgery token instead (the header named by AntiforgeryOptions.HeaderName).
        if (request.Headers.ContainsKey(HeaderName))
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            return await antiforgery.IsRequestValidAsync(context);
        }

        return false;
    }
}
