using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Modules.Engagement.Chat;

/// <summary>
/// How fast one member may send chat messages, over HTTP and the live connection alike: a token bucket per member
/// (<see cref="EngagementOptions.ChatBurst"/> at once, then <see cref="EngagementOptions.ChatMessagesPerSecond"/>).
/// Kept in this host's memory: with several hosts each host counts its own connections (docs/chat.md).
/// </summary>
internal sealed class ChatRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> limiter;
    private readonly int perSecond;
    private readonly int burst;

    public ChatRateLimiter(IOptions<EngagementOptions> options)
    {
        perSecond = Math.Max(1, options.Value.ChatMessagesPerSecond);
        burst = Math.Max(1, options.Value.ChatBurst);
        limiter = PartitionedRateLimiter.Create<Guid, Guid>(member => RateLimitPartition.GetTokenBucketLimiter(member, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one message from the member's allowance, or refuses with a 429 problem that says when to try again.</summary>
    public void Take(Guid memberId)
    {
        using var lease = limiter.AttemptAcquire(memberId);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            throw ProblemException.TooManyRequests("Too many chat messages",
                $"You are sending chat messages faster than {perSecond} a second; wait a moment, then send again.",
                new RateLimitState("chat", burst, TimeSpan.FromSeconds(Math.Ceiling((double)burst / perSecond)), 0, wait));
        }
    }

    public void Dispose() => limiter.Dispose();
}
