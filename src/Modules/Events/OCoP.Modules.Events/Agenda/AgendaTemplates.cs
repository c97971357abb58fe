using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Events.Agenda;

/// <summary>A named agenda to start from: one of the session formats in the practitioners' texts.</summary>
internal sealed record AgendaTemplate(string Key, string Name, string Purpose, IReadOnlyList<AgendaItem> Items)
{
    public int TotalMinutes => Items.Sum(i => i.Minutes);
}

/// <summary>The formats the texts describe, each about an hour, with room for flexibility at the end.</summary>
internal static class AgendaTemplates
{
    public static readonly IReadOnlyList<AgendaTemplate> All =
    [
        new("expert-qa", "Expert Q&A", "An invited practitioner answers the group's questions.",
        [
            new("Welcome and introductions", 5, null, SegmentKind.Welcome),
            new("The expert's short opening", 15, null, SegmentKind.Presentation),
            new("Questions from members", 30, null, SegmentKind.Discussion),
            new("What we take away", 10, null, SegmentKind.WrapUp),
        ]),
        new("case-clinic", "Case clinic", "A member brings a case; peers ask, advise and reflect.",
        [
            new("Welcome and check-in", 5, null, SegmentKind.Welcome),
            new("The case, presented", 10, null, SegmentKind.Presentation),
            new("Clarifying questions", 10, null, SegmentKind.Discussion),
            new("Advice in small groups", 20, null, SegmentKind.Breakouts),
            new("Reflection of the case owner", 10, null, SegmentKind.Reflection),
            new("Wrap-up", 5, null, SegmentKind.WrapUp),
        ]),
        new("reflection-session", "Reflection session", "Looking back at an earlier topic: what changed in our practice.",
        [
            new("Welcome", 5, null, SegmentKind.Welcome),
            new("Reminder of the earlier topic", 10, null, SegmentKind.Presentation),
            new("What we tried since", 20, null, SegmentKind.Breakouts),
            new("Shared reflection", 20, null, SegmentKind.Reflection),
            new("Wrap-up", 5, null, SegmentKind.WrapUp),
        ]),
        new("open-discussion", "Open discussion", "No set topic: members bring what is on their mind.",
        [
            new("Welcome", 5, null, SegmentKind.Welcome),
            new("Collecting topics", 10, null, SegmentKind.Discussion),
            new("Discussion", 35, null, SegmentKind.Discussion),
            new("Wrap-up", 10, null, SegmentKind.WrapUp),
        ]),
    ];

    public static AgendaTemplate? Find(string? key) => All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/events/agenda-templates", (string? cursor, int? limit) => TypedResults.Ok(CursorPage.Of(All, cursor, limit)))
                .WithSummary("The agenda templates an organiser may start from (expert Q&A, case clinic, reflection session, open discussion).");
    }
}
