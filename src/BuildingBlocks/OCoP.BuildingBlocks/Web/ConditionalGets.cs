using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// ETag and <c>If-None-Match</c> (RFC 9110 §8.8.3, §13.1.2) on every JSON GET of the API. The tag is a hash of the
/// exact body this caller would get, so it changes whenever anything they see changes (a reply, an edit, a reaction,
/// their read position, their role, the page or view they asked for) and two callers share a tag only when they
/// would get the same bytes: nothing about what one caller may see can reach another. The answer still costs the
/// query (the body must be known to hash it); what a 304 saves is the transfer and the client's parsing. See ADR 10.
/// </summary>
public static class ConditionalGets
{
    /// <summary>Adds ETags and 304 answers to the GET endpoints of a route group; other methods pass through untouched.</summary>
    public static TBuilder WithConditionalGets<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var result = await next(invocation);
            var http = invocation.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) || BodyOf(result) is not { } body)
            {
                return result;
            }

            var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), options);
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"", isWeak: true);

            var headers = http.Response.Headers;
            headers.ETag = etag.ToString();
            // Private: a shared cache must never answer one member with another's page; no-cache: always revalidate.
            headers.CacheControl = "private, no-cache";
            headers.Vary = "Authorization, Cookie";
            return Matches(http.Request, etag)
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : TypedResults.Bytes(bytes, "application/json; charset=utf-8");
        });

    /// <summary>The object a 200 answer serializes as JSON; null for anything else (files, redirects, other statuses).</summary>
    private static object? BodyOf(object? result) => result switch
    {
        null or string => null,
        IResult and IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: null or StatusCodes.Status200OK } => value,
        IResult => null,
        _ => result,
    };

    /// <summary>Weak comparison, as RFC 9110 requires for If-None-Match; <c>*</c> matches any current representation.</summary>
    private static bool Matches(HttpRequest request, EntityTagHeaderValue etag) =>
        EntityTagHeaderValue.TryParseList([.. request.Headers.IfNoneMatch.OfType<string>()], out var tags)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));
}
