using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Modules.Membership.Audit;

/// <summary>The security audit log, newest first, for site administrators only; filtered by member.</summary>
internal static class AuditLog
{
    internal sealed record Read(Guid? MemberId, string? Cursor, int? Limit) : IRequest<CursorPage<Entry>>;

    internal sealed record Entry(Guid Id, DateTimeOffset At, string Kind, Guid? MemberId, string? Email, string? Address, string Detail);

    internal sealed class Validator : AbstractValidator<Read>
    {
        public Validator()
        {
            RuleFor(r => r.Limit).InclusiveBetween(1, Cursor.MaxLimit).When(r => r.Limit is not null);
            RuleFor(r => r.Cursor).Must(c => c is null || Cursor.TryDecode(c, out _, out _)).WithMessage("This cursor is not one we issued.");
        }
    }

    internal sealed class Handler(IMembershipStore store) : IRequestHandler<Read, CursorPage<Entry>>
    {
        public async Task<CursorPage<Entry>> Handle(Read read, CancellationToken cancellationToken)
        {
            var limit = Cursor.Limit(read.Limit);
            await using var session = store.QuerySession();
            var query = session.Query<SecurityEvent>().AsQueryable();
            if (read.MemberId is { } memberId)
            {
                query = query.Where(e => e.MemberId == memberId);
            }

            if (Cursor.TryDecode(read.Cursor, out var before, out _))
            {
                query = query.Where(e => e.PageKey.CompareTo(before) < 0);
            }

            var fetched = await query.OrderByDescending(e => e.PageKey).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, e => (e.PageKey, e.Id));
            return new CursorPage<Entry>(
                page.Items.Select(e => new Entry(e.Id, e.At, e.Kind.ToString(), e.MemberId, e.Email, e.Address, e.Detail)).ToList(),
                page.NextCursor);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/membership/audit", (Guid? memberId, string? cursor, int? limit, CurrentMember me, IMediator mediator,
                    CancellationToken cancellationToken) =>
                {
                    if (!me.IsSiteAdministrator)
                    {
                        throw ProblemException.Forbidden("The security audit log is for site administrators.");
                    }

                    return mediator.Send(new Read(memberId, cursor, limit), cancellationToken);
                })
                .WithSummary("Security events (sign-ins and failures, passwords, two-factor, tokens, exports, deletions), newest first. Site administrators only.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
