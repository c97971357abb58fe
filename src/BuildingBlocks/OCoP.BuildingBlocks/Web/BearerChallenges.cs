using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// RFC 6750 at the door: a request that sends a bearer token is either authenticated by it or refused with 401, on
/// every path (a revoked token on a public read must not fall back to anonymous access); and every 401 says how to
/// authenticate in <c>WWW-Authenticate</c>.
/// </summary>
public static class BearerChallenges
{
    public const string Realm = "OCoP";

    /// <summary>What a 401 says when nothing more precise was written (no credentials, or a signed-out cookie).</summary>
    public const string DefaultChallenge = $"Bearer realm=\"{Realm}\"";

    /// <summary>Goes right after <c>UseAuthentication</c>.</summary>
    public static IApplicationBuilder UseBearerChallenges(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode == StatusCodes.Status401Unauthorized && !context.Response.Headers.ContainsKey("WWW-Authenticate"))
            {
                context.Response.Headers.WWWAuthenticate = DefaultChallenge;
            }

            return Task.CompletedTask;
        });

        if (SendsBearer(context.Request) && context.User.Identity?.IsAuthenticated != true)
        {
            // The default challenge scheme picks the token scheme for bearer requests: it writes the 401 and its reason.
            await context.ChallengeAsync();
            return;
        }

        await next();
    });

    public static bool SendsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>An RFC 6750 challenge for a token that was sent and refused (quotes and backslashes cannot break it).</summary>
    public static string InvalidToken(string description) =>
        $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{description.Replace("\\", "", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal)}\"";
}
