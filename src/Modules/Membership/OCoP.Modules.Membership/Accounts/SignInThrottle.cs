using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>
/// Sign-in attempts per account (issue 18, item 6), beside the looser per-address limit of the rate limiter: a school
/// behind one address does not share ten attempts a minute, and one account cannot be guessed at from many addresses.
/// Keyed by the e-mail address as typed (trimmed, case-insensitive), whether or not an account has it, so a 429 says
/// nothing about which addresses exist. Per host, in memory: with several hosts an attacker gets this many per host.
/// Identity's lockout (5 failures, 15 minutes) still applies to existing accounts.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    public const string Policy = "sign-in-account";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly int permits;
    private readonly PartitionedRateLimiter<string> limiter;

    public SignInThrottle(IConfiguration configuration)
    {
        permits = configuration.GetValue("Membership:SignInAttemptsPerAccountPerMinute", 10);
        limiter = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(account,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = Window, QueueLimit = 0 }));
    }

    /// <summary>Takes one attempt for the account, or refuses with a 429 naming the per-account quota.</summary>
    public void Attempt(string email)
    {
        using var lease = limiter.AttemptAcquire(email.Trim().ToUpperInvariant());
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
            throw ProblemException.TooManyRequests("Too many sign-in attempts",
                "Too many sign-in attempts for this account. Wait a minute, or reset the password.",
                new RateLimitState(Policy, permits, Window, 0, retryAfter));
        }
    }

    public void Dispose() => limiter.Dispose();
}
