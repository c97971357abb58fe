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
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Directory;

/// <summary>The member directory: search by name, filter by expertise or interest, keyset-paged by name.</summary>
internal static class MemberDirectory
{
    internal sealed record Search(string? Q, string? Expertise, string? Interest, string? Cursor, int? Limit) : IRequest<CursorPage<Entry>>;

    internal sealed record Entry(Guid Id, string DisplayName, string Bio, IReadOnlyList<string> Expertise, IReadOnlyList<string> Interests, bool HasAvatar);

    internal sealed record PublicProfile(Guid Id, string DisplayName, string Bio, IReadOnlyList<string> Expertise, IReadOnlyList<string> Interests,
        string TimeZone, bool HasAvatar, DateTimeOffset RegisteredAt, int? PractisingSince);

    internal sealed record GetProfile(Guid MemberId) : IRequest<PublicProfile>;

    internal sealed class Validator : AbstractValidator<Search>
    {
        public Validator()
        {
            RuleFor(s => s.Q).MaximumLength(80).WithName("Your search");
            RuleFor(s => s.Expertise).MaximumLength(40);
            RuleFor(s => s.Interest).MaximumLength(40);
            RuleFor(s => s.Limit).InclusiveBetween(1, Cursor.MaxLimit).When(s => s.Limit is not null);
            RuleFor(s => s.Cursor).Must(c => c is null || Cursor.TryDecode(c, out _, out _)).WithMessage("This cursor is not one we issued.");
        }
    }

    internal sealed class SearchHandler(IMembershipStore store) : IRequestHandler<Search, CursorPage<Entry>>
    {
        public async Task<CursorPage<Entry>> Handle(Search search, CancellationToken cancellationToken)
        {
            var limit = Cursor.Limit(search.Limit);
            await using var session = store.QuerySession();
            var query = session.Query<Member>().Where(m => m.DeletedAt == null);

            if (!string.IsNullOrWhiteSpace(search.Q))
            {
                var name = search.Q.Trim().ToLowerInvariant();
                query = query.Where(m => m.SearchName.Contains(name));
            }

            if (!string.IsNullOrWhiteSpace(search.Expertise))
            {
                var tag = search.Expertise.Trim().ToLowerInvariant();
                query = query.Where(m => m.Expertise.Contains(tag));
            }

            if (!string.IsNullOrWhiteSpace(search.Interest))
            {
                var tag = search.Interest.Trim().ToLowerInvariant();
                query = query.Where(m => m.Interests.Contains(tag));
            }

            if (Cursor.TryDecode(search.Cursor, out var after, out _))
            {
                query = query.Where(m => m.DirectoryKey.CompareTo(after) > 0);
            }

            var fetched = await query.OrderBy(m => m.DirectoryKey).Take(limit + 1).ToListAsync(cancellationToken);
            var page = Cursor.Page(fetched, limit, m => (m.DirectoryKey, m.Id));
            return new CursorPage<Entry>(
                page.Items.Select(m => new Entry(m.Id, m.DisplayName, m.Bio, m.Expertise, m.Interests, m.AvatarUpdatedAt is not null)).ToList(),
                page.NextCursor);
        }
    }

    internal sealed class GetProfileHandler(IMembershipStore store) : IRequestHandler<GetProfile, PublicProfile>
    {
        public async Task<PublicProfile> Handle(GetProfile request, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var m = await session.LoadAsync<Member>(request.MemberId, cancellationToken);
            return m is { IsDeleted: false }
                ? new PublicProfile(m.Id, m.DisplayName, m.Bio, m.Expertise, m.Interests, m.TimeZone, m.AvatarUpdatedAt is not null, m.RegisteredAt, m.PractisingSince)
                : throw ProblemException.NotFound("The member");
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/membership/members", (string? q, string? expertise, string? interest, string? cursor, int? limit, IMediator mediator,
                    CancellationToken cancellationToken) => mediator.Send(new Search(q, expertise, interest, cursor, limit), cancellationToken))
                .WithSummary("Search the member directory by name (q), expertise or interest; paged with cursor and limit.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/membership/members/{memberId:guid}", (Guid memberId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new GetProfile(memberId), cancellationToken))
                .WithSummary("A member's public profile.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
