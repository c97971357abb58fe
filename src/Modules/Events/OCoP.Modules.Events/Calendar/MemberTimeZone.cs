using Marten;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Events.Calendar;

/// <summary>A member's IANA time zone, from Membership's events: events are shown to each member in their own zone.</summary>
internal sealed class MemberTimeZone
{
    public Guid Id { get; set; }
    public string TimeZone { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Keeps <see cref="MemberTimeZone"/>; an older event that arrives late is ignored. Public for Wolverine (docs/adr/0001).</summary>
[MartenStore(typeof(IEventsStore))]
public static class MemberTimeZoneHandler
{
    public static Task Handle(MemberRegistered e, IDocumentSession session) => SetAsync(session, e.MemberId, e.TimeZone, e.RegisteredAt);

    public static Task Handle(MemberProfileChanged e, IDocumentSession session) => SetAsync(session, e.MemberId, e.TimeZone, e.ChangedAt);

    /// <summary>Part of Events' erasure (EventsPersonalDataHandler).</summary>
    internal static Task ForgetAsync(MemberDeleted e, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, e.MemberId, id => new MemberTimeZone { Id = id }, zone =>
        {
            zone.TimeZone = "";
            zone.ChangedAt = DateTimeOffset.MaxValue; // forgotten for good: no later profile event brings it back
        });

    private static Task SetAsync(IDocumentSession session, Guid memberId, string timeZone, DateTimeOffset at) =>
        GroupAccessReplica.UpdateAsync(session, memberId, id => new MemberTimeZone { Id = id }, zone =>
        {
            if (!GroupAccessReplica.IsStale(at, zone.ChangedAt))
            {
                zone.TimeZone = timeZone;
                zone.ChangedAt = at;
            }
        });
}
