using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// Where a client stands against one quota policy when it is refused: the policy (quota per window) and what is left
/// until the window resets. Written as the <c>RateLimit-Policy</c> and <c>RateLimit</c> fields of
/// draft-ietf-httpapi-ratelimit-headers-09 (structured fields: <c>RateLimit-Policy: "posts";q=10;w=60</c>,
/// <c>RateLimit: "posts";r=0;t=42</c>), beside the standard <c>Retry-After</c> (RFC 9110) that every client knows.
/// </summary>
/// <param name="Policy">The policy's name, a short token such as <c>posts</c>.</param>
/// <param name="Quota">Requests (or posts...) allowed per window.</param>
/// <param name="Window">The window the quota applies to.</param>
/// <param name="Remaining">Quota units left in the current window.</param>
/// <param name="Reset">Time until the quota is available again.</param>
public sealed record RateLimitState(string Policy, int Quota, TimeSpan Window, int Remaining, TimeSpan Reset)
{
    /// <summary>Whole seconds, rounded up, never negative: the delay-seconds both fields and Retry-After use.</summary>
    public static long Seconds(TimeSpan span) => Math.Max(0, (long)Math.Ceiling(span.TotalSeconds));

    public void WriteTo(IHeaderDictionary headers)
    {
        var reset = Seconds(Reset).ToString(CultureInfo.InvariantCulture);
        headers.RetryAfter = reset;
        headers["RateLimit-Policy"] = $"\"{Policy}\";q={Quota.ToString(CultureInfo.InvariantCulture)};w={Seconds(Window).ToString(CultureInfo.InvariantCulture)}";
        headers["RateLimit"] = $"\"{Policy}\";r={Math.Max(0, Remaining).ToString(CultureInfo.InvariantCulture)};t={reset}";
    }
}
