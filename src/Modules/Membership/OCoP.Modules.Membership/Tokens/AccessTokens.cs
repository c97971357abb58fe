using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.BuildingBlocks.Paging;

using OCoP.Modules.Membership.Audit;

namespace OCoP.Modules.Membership.Tokens;

/// <summary>Create (shown once), list and revoke personal access tokens.</summary>
internal static class AccessTokens
{
    public const int MaxActiveTokens = 20;

    internal sealed record Create(string Name, IReadOnlyList<string> Scopes, int ExpiresInDays) : IRequest<Created>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed record Created(Guid Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt, string Token);

    internal sealed record TokenView(Guid Id, string Name, IReadOnlyList<string> Scopes, string Hint, DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, bool Active);

    internal sealed record List(Guid MemberId) : IRequest<IReadOnlyList<TokenView>>;

    internal sealed record Revoke(Guid MemberId, Guid TokenId) : IRequest<bool>;

    internal sealed class CreateValidator : AbstractValidator<Create>
    {
        public CreateValidator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(80);
            RuleFor(c => c.Scopes).NotEmpty();
            RuleForEach(c => c.Scopes).Must(s => MemberPolicy.Scopes.Contains(s))
                .WithMessage($"Unknown scope: use {string.Join(" or ", MemberPolicy.Scopes)}.");
            RuleFor(c => c.ExpiresInDays).InclusiveBetween(1, 366);
        }
    }

    internal sealed class CreateHandler(IMembershipStore store, TimeProvider clock, SecurityLog log) : IRequestHandler<Create, Created>
    {
        public async Task<Created> Handle(Create create, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var active = await session.Query<PersonalAccessToken>()
                .CountAsync(t => t.MemberId == create.MemberId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken);
            if (active >= MaxActiveTokens)
            {
                throw ProblemException.Conflict($"You already have {MaxActiveTokens} active tokens: revoke one first.");
            }

            var secret = PersonalAccessToken.NewSecret();
            var token = new PersonalAccessToken
            {
                Id = Guid.CreateVersion7(now),
                MemberId = create.MemberId,
                Name = create.Name.Trim(),
                Scopes = create.Scopes.Distinct().ToList(),
                TokenHash = PersonalAccessToken.Hash(secret),
                Hint = secret[..(PersonalAccessToken.Prefix.Length + 4)],
                CreatedAt = now,
                ExpiresAt = now.AddDays(create.ExpiresInDays),
            };
            session.Store(token);
            session.Store(log.Entry(SecurityEventKind.TokenCreated, create.MemberId, null, $"{token.Id} \"{token.Name}\" ({string.Join(' ', token.Scopes)})"));
            await session.SaveChangesAsync(cancellationToken);
            return new Created(token.Id, token.Name, token.Scopes, token.ExpiresAt, secret);
        }
    }

    internal sealed class ListHandler(IMembershipStore store, TimeProvider clock) : IRequestHandler<List, IReadOnlyList<TokenView>>
    {
        public async Task<IReadOnlyList<TokenView>> Handle(List list, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            await using var session = store.QuerySession();
            var tokens = await session.Query<PersonalAccessToken>()
                .Where(t => t.MemberId == list.MemberId)
                .OrderByDescending(t => t.CreatedAt)
                .ToListAsync(cancellationToken);
            return tokens.Select(t => new TokenView(t.Id, t.Name, t.Scopes, t.Hint, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.IsActive(now))).ToList();
        }
    }

    internal sealed class RevokeHandler(IMembershipStore store, TimeProvider clock, SecurityLog log) : IRequestHandler<Revoke, bool>
    {
        public async Task<bool> Handle(Revoke revoke, CancellationToken cancellationToken)
        {
            await using var session = store.LightweightSession();
            var token = await session.LoadAsync<PersonalAccessToken>(revoke.TokenId, cancellationToken);
            // Someone else's token is "not found", not "forbidden": do not confirm that it exists.
            if (token is null || token.MemberId != revoke.MemberId)
            {
                throw ProblemException.NotFound("The token");
            }

            token.RevokedAt ??= clock.GetUtcNow();
            session.Store(token);
            session.Store(log.Entry(SecurityEventKind.TokenRevoked, revoke.MemberId, null, $"{token.Id} \"{token.Name}\""));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/tokens", async (Create create, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    // A token cannot mint tokens: creating one needs a signed-in session.
                    if (me.Principal.Identity?.AuthenticationType == MemberPolicy.TokenAuthenticationType)
                    {
                        throw ProblemException.Forbidden("Personal access tokens are created from a signed-in session, not with another token.");
                    }

                    var created = await mediator.Send(create with { MemberId = me.Id }, cancellationToken);
                    return TypedResults.Created($"/api/membership/tokens/{created.Id}", created);
                })
                .WithSummary("Create a personal access token. The token is in this response only.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapGet("/api/membership/tokens", async (string? cursor, int? limit, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                    CursorPage.Of(await mediator.Send(new List(me.Id), cancellationToken), cursor, limit))
                .WithSummary("The signed-in member's tokens (never the token values).")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapDelete("/api/membership/tokens/{tokenId:guid}", async (Guid tokenId, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new Revoke(me.Id, tokenId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Revoke one of the signed-in member's tokens.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
