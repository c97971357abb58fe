using Microsoft.AspNetCore.Http;

namespace OCoP.Modules.Membership.Audit;

/// <summary>
/// Writes security events in a session of their own, committed at once: a failed sign-in is recorded although the
/// request then fails. Reads the client address from the request (behind a proxy: the forwarded address the host trusts).
/// </summary>
internal sealed class SecurityLog(IMembershipStore store, IHttpContextAccessor accessor, TimeProvider clock)
{
    public async Task RecordAsync(SecurityEventKind kind, Guid? memberId, string? email, string detail, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.Store(Entry(kind, memberId, email, detail));
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>An event to store in the caller's session, so that it commits with the change it records.</summary>
    public SecurityEvent Entry(SecurityEventKind kind, Guid? memberId, string? email, string detail)
    {
        var entry = new SecurityEvent
        {
            Id = Guid.CreateVersion7(),
            At = clock.GetUtcNow(),
            Kind = kind,
            MemberId = memberId,
            Email = email is { Length: > 254 } ? email[..254] : email?.Trim(),
            Address = accessor.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Detail = detail,
        };
        entry.PageKey = SecurityEvent.KeyOf(entry.At, entry.Id);
        return entry;
    }
}
