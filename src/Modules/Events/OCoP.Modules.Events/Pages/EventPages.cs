using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Events.Calendar;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Events.Pages;

/// <summary>What the event pages share: the group by its slug, refusals as people expect them, times as people read them.</summary>
internal static class EventPages
{
    public static async Task<Guid> GroupIdAsync(IEventsStore store, IMessageBus bus, string slug, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await GroupAccess.IdOfAsync(session, bus, slug, cancellationToken);
    }

    /// <summary>Loads what the page shows; a visitor is asked to sign in, a signed-in outsider of a members-only group gets "not found".</summary>
    public static async Task<IActionResult> LoadThenPageAsync(this PageModel page, Func<Task> load)
    {
        try
        {
            await load();
        }
        catch (ProblemException problem)
        {
            return problem.Status switch
            {
                StatusCodes.Status401Unauthorized => page.Challenge(),
                StatusCodes.Status403Forbidden => page.NotFound(),
                _ => page.StatusCode(problem.Status),
            };
        }

        return page.Page();
    }

    /// <summary>
    /// The pages that change events: the group by its slug, refused unless the shared rule lets the caller manage its
    /// events (404 when unseen, 403 otherwise: a member is told they may not, rather than that nothing is there).
    /// </summary>
    public static async Task<GroupViewer> GroupManagedByAsync(IEventsStore store, IMessageBus bus, CurrentMember me, string slug,
        CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var groupId = await GroupAccess.IdOfAsync(session, bus, slug, cancellationToken);
        return (await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken)).RequireToChange(GroupAction.ManageEvents);
    }

    /// <summary>The group as the caller sees it, or null when the group is unknown here or unseen (slots show nothing then).</summary>
    public static async Task<GroupViewer?> GroupOrNullAsync(IEventsStore store, IMessageBus bus, CurrentMember me, Guid groupId,
        CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        try
        {
            var group = await GroupAccess.ForReadAsync(session, bus, groupId, me, cancellationToken);
            return group.CanSee ? group : null;
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>The member's own zone, else UTC: the schedule form starts in it.</summary>
    public static async Task<TimeZoneInfo> MemberZoneAsync(IEventsStore store, CurrentMember me, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<MemberTimeZone>(me.Id, cancellationToken) is { } own && EventTimes.TryFind(own.TimeZone, out var zone)
            ? zone
            : TimeZoneInfo.Utc;
    }

    /// <summary>
    /// A page that changes something: <paramref name="handle"/> returns where to go next, or null to show the page again
    /// (with its errors). Refusals: sign in when anonymous, the refusal page for 403, "not found" for what is unseen.
    /// </summary>
    public static async Task<IActionResult> LoadThenManagePageAsync(this PageModel page, Func<Task<IActionResult?>> handle)
    {
        try
        {
            return await handle() ?? page.Page();
        }
        catch (ProblemException problem) when (problem.Errors is null)
        {
            return problem.Status switch
            {
                StatusCodes.Status401Unauthorized => page.Challenge(),
                _ => page.StatusCode(problem.Status),
            };
        }
    }

    public static Task<IActionResult> LoadThenManagePageAsync(this PageModel page, Func<Task> load) =>
        page.LoadThenManagePageAsync(async () =>
        {
            await load();
            return null;
        });

    public static string When(DateTimeOffset at) => at.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string Mode(Calendar.AttendanceMode mode) => mode switch
    {
        Calendar.AttendanceMode.InPerson => "In person",
        Calendar.AttendanceMode.Hybrid => "Hybrid: in person and online",
        _ => "Online",
    };

    public static string Segment(Agenda.SegmentKind kind) => kind switch
    {
        Agenda.SegmentKind.WrapUp => "wrap-up",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
