using Marten;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Events.Breakouts;

/// <summary>The year a member began to practise, from Membership's profile events: breakouts can mix experience by it.</summary>
internal sealed class MemberPractice
{
    public Guid Id { get; set; }
    public int? PractisingSince { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>Keeps <see cref="MemberPractice"/>; an older event that arrives late is ignored. Public for Wolverine (docs/adr/0001).</summary>
[MartenStore(typeof(IEventsStore))]
public static class MemberPracticeHandler
{
    public static Task Handle(MemberProfileChanged e, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, e.MemberId, id => new MemberPractice { Id = id }, practice =>
        {
            if (!GroupAccessReplica.IsStale(e.ChangedAt, practice.ChangedAt))
            {
                practice.PractisingSince = e.PractisingSince;
                practice.ChangedAt = e.ChangedAt;
            }
        });

    /// <summary>Part of Events' erasure (EventsPersonalDataHandler).</summary>
    internal static Task ForgetAsync(MemberDeleted e, IDocumentSession session) =>
        GroupAccessReplica.UpdateAsync(session, e.MemberId, id => new MemberPractice { Id = id }, practice =>
        {
            practice.PractisingSince = null;
            practice.ChangedAt = DateTimeOffset.MaxValue; // forgotten for good: no later profile event brings it back
        });
}
