using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Community;
using OCoP.BuildingBlocks.Paging;

namespace OCoP.Modules.Engagement.Messages;

/// <summary>Site administrators see reported private messages (and only those messages); nobody else can.</summary>
internal static class MessageReports
{
    internal sealed record Reports : IRequest<IReadOnlyList<ReportView>>;

    internal sealed record ReportView(Guid Id, Guid ConversationId, int Number, Guid AuthorId, string AuthorName, Guid ReportedBy,
        string ReportedByName, string Reason, DateTimeOffset ReportedAt, string MessageHtml, string MessageSource);

    internal sealed class ReportsHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<Reports, IReadOnlyList<ReportView>>
    {
        public async Task<IReadOnlyList<ReportView>> Handle(Reports request, CancellationToken cancellationToken)
        {
            _ = me.Id;
            if (!me.IsSiteAdministrator)
            {
                throw ProblemException.Forbidden("Only site administrators see reported messages.");
            }

            await using var session = store.QuerySession();
            var reports = await session.Query<MessageReport>().OrderByDescending(r => r.ReportedAt).Take(200).ToListAsync(cancellationToken);
            var messages = (await session.LoadManyAsync<PrivateMessage>(cancellationToken, reports.Select(r => r.MessageId).Distinct().ToArray()))
                .ToDictionary(m => m.Id);
            var names = await Messaging.NamesAsync(session, reports.SelectMany(r => new[] { r.AuthorId, r.ReportedBy }), cancellationToken);
            return reports.Select(r => new ReportView(r.Id, r.ConversationId, r.Number, r.AuthorId, names.GetValueOrDefault(r.AuthorId, Person.FormerMember),
                r.ReportedBy, names.GetValueOrDefault(r.ReportedBy, Person.FormerMember), r.Reason, r.ReportedAt,
                messages.GetValueOrDefault(r.MessageId)?.Html ?? "", messages.GetValueOrDefault(r.MessageId)?.Source ?? "")).ToList();
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/engagement/message-reports", async (string? cursor, int? limit, IMediator mediator, CancellationToken ct) =>
                    CursorPage.Of(await mediator.Send(new Reports(), ct), cursor, limit))
                .WithSummary("Reported private messages, newest first (site administrators).").RequireAuthorization(MemberPolicy.Name);
    }
}
