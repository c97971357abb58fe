using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Calendar;

/// <summary>
/// An event as the caller may see it: the shared group rule (<see cref="GroupViewer"/>, docs/adr/0010) decides, never a
/// copy of it. An event of a group the caller may not see answers exactly like an event that does not exist.
/// </summary>
internal static class EventAccess
{
    public static Task<(GroupEvent Event, GroupViewer Group)> ForReadAsync(IQuerySession session, IMessageBus bus, Guid eventId, CurrentMember me,
        CancellationToken cancellationToken) =>
        LoadAsync(session, eventId, groupId => GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken), cancellationToken);

    /// <summary>For a change that leaves the event itself alone (feedback): the caller's standing comes from Membership.</summary>
    public static Task<(GroupEvent Event, GroupViewer Group)> ForWriteAsync(IQuerySession session, IMessageBus bus, Guid eventId, CurrentMember me,
        CancellationToken cancellationToken) =>
        LoadAsync(session, eventId, groupId => GroupAccess.ForWriteAsync(session, bus, groupId, me, cancellationToken), cancellationToken);

    private static async Task<(GroupEvent Event, GroupViewer Group)> LoadAsync(IQuerySession session, Guid eventId,
        Func<Guid, Task<GroupViewer>> viewerOfGroup, CancellationToken cancellationToken)
    {
        var groupEvent = await session.LoadAsync<GroupEvent>(eventId, cancellationToken) ?? throw NotFound();
        var group = await ViewerAsync(() => viewerOfGroup(groupEvent.GroupId));
        group.RequireRead();
        return (groupEvent, group);
    }

    /// <summary>For a change: the event's row is locked for the session's transaction, the caller's standing comes from Membership.</summary>
    public static async Task<(GroupEvent Event, GroupViewer Group)> ForUpdateAsync(IDocumentSession session, IMessageBus bus, Guid eventId,
        CurrentMember me, CancellationToken cancellationToken)
    {
        var peek = await session.LoadAsync<GroupEvent>(eventId, cancellationToken) ?? throw NotFound();
        var group = await ViewerAsync(() => GroupAccess.ForWriteAsync(session, bus, peek.GroupId, me, cancellationToken));
        group.RequireRead();
        var groupEvent = await RowLocks.LoadForUpdateAsync<GroupEvent>(session, eventId, cancellationToken) ?? throw NotFound();
        return (groupEvent, group);
    }

    /// <summary>Scheduling, editing and cancelling: the group's event managers (facilitators and up) and the event's hosts.</summary>
    public static void RequireOrganiser(GroupViewer group, GroupEvent groupEvent)
    {
        if (!group.Can(GroupAction.ManageEvents) && !(group.IsMember && groupEvent.IsOrganisedBy(group.ViewerId)))
        {
            group.RequireToChange(GroupAction.ManageEvents);
        }

        group.RequireWritable();
    }

    public static bool IsOrganiser(GroupViewer group, GroupEvent groupEvent) =>
        group.Can(GroupAction.ManageEvents) || (group.IsMember && groupEvent.IsOrganisedBy(group.ViewerId));

    public static ProblemException NotFound() => ProblemException.NotFound("The event");

    private static async Task<GroupViewer> ViewerAsync(Func<Task<GroupViewer>> load)
    {
        GroupViewer group;
        try
        {
            group = await load();
        }
        catch (ProblemException problem) when (problem.Status == 404)
        {
            throw NotFound();
        }

        return group.CanSee ? group : throw NotFound();
    }

    /// <summary>The zone to show times in: the one asked for, else the member's own, else the organiser's.</summary>
    public static async Task<TimeZoneInfo> ViewerZoneAsync(IQuerySession session, CurrentMember me, string? asked, string fallback,
        CancellationToken cancellationToken)
    {
        if (asked is not null)
        {
            return EventTimes.TryFind(asked, out var zone) ? zone : throw ProblemException.Invalid("timeZone", "This is not an IANA time zone, such as Europe/Berlin.");
        }

        if (me.IsAuthenticated && await session.LoadAsync<MemberTimeZone>(me.Id, cancellationToken) is { } own && EventTimes.TryFind(own.TimeZone, out var mine))
        {
            return mine;
        }

        return EventTimes.Find(fallback);
    }
}
