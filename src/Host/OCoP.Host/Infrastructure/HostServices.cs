using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Host.Infrastructure;

internal static class HostServices
{
    public static IServiceCollection TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Per-address limits on the account endpoints that attackers probe (sign-in, registration, reset): loose enough (60 a
    /// minute) for a school behind one address; the tight limit is per account (SignInThrottle).
    /// </summary>
    public static IServiceCollection AddOCoPRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimiting:AccountPermitsPerMinute", 60);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only attempts count: viewing the sign-in or registration page (GET) is free, submitting it is not.
            options.AddPolicy(RateLimitPolicies.Account, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("views")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                // Retry-After plus RateLimit-Policy/RateLimit (draft-ietf-httpapi-ratelimit-headers-09, see RateLimitState).
                new RateLimitState(RateLimitPolicies.Account, permits, TimeSpan.FromMinutes(1), 0, retryAfter).WriteTo(context.HttpContext.Response.Headers);
                if (PageRefusals.IsPageRequest(context.HttpContext))
                {
                    // A person gets the status page in the site's layout (re-executed on the empty 429), saying when to retry.
                    PageRefusals.SetRetryAfter(context.HttpContext, retryAfter);
                    return;
                }

                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: "Slow down and try again later.").ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>
    /// Content-Security-Policy without inline script, no framing, no sniffing, a strict referrer policy. The API reference
    /// page (Scalar) needs inline script and styles, so it alone gets a looser policy.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar")
                ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
                : "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";
            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary>
    /// The site's own assets with cache headers: fingerprinted files (asp-append-version adds ?v=hash) are immutable for
    /// a year, the others revalidate; the generated initials avatars are fully named by their address (issue 19).
    /// </summary>
    public static WebApplication UseSiteAssets(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600",
        });
        app.MapGet(InitialsAvatar.Path, (string? name, HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                return Results.Text(InitialsAvatar.Svg(name), "image/svg+xml");
            })
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Refuses bodies over the limit with a 413 problem before anything reads them. Kestrel enforces the same limit
    /// while streaming (for chunked bodies); this also covers servers without that feature.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }

        if (context.Request.ContentLength > maxBytes)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
                detail: $"Requests are at most {maxBytes / 1024} KB.").ExecuteAsync(context);
            return;
        }

        await next();
    });
}
