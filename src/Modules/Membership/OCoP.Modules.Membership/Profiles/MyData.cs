using OCoP.Modules.Membership.Access;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Audit;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using OCoP.Modules.Membership.Tokens;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Profiles;

/// <summary>Personal data: export everything we hold about the member as JSON; delete the account by anonymising it.</summary>
internal static class MyData
{
    internal sealed record Export(Guid MemberId) : IRequest<Exported>;

    internal sealed record Exported(DateTimeOffset ExportedAt, MyProfile.ProfileView Profile, IReadOnlyList<AccessTokens.TokenView> AccessTokens);

    internal sealed record Delete(string Password) : IRequest<bool>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed class DeleteValidator : AbstractValidator<Delete>
    {
        public DeleteValidator() => RuleFor(d => d.Password).NotEmpty().MaximumLength(128);
    }

    internal sealed class ExportHandler(IMembershipStore store, TimeProvider clock, SecurityLog log) : IRequestHandler<Export, Exported>
    {
        public async Task<Exported> Handle(Export export, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            await using var session = store.QuerySession();
            var member = await session.LoadAsync<Member>(export.MemberId, cancellationToken);
            if (member is not { IsDeleted: false })
            {
                throw ProblemException.NotFound("The member");
            }

            var tokens = await session.Query<PersonalAccessToken>().Where(t => t.MemberId == member.Id).ToListAsync(cancellationToken);
            await log.RecordAsync(SecurityEventKind.DataExported, member.Id, member.Email, "", cancellationToken);
            return new Exported(now, MyProfile.ProfileView.Of(member),
                tokens.Select(t => new AccessTokens.TokenView(t.Id, t.Name, t.Scopes, t.Hint, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.IsActive(now))).ToList());
        }
    }

    internal sealed class DeleteHandler(
        OutboxedSessionFactory<IMembershipStore> sessions,
        IMessageBus bus,
        UserManager<Member> users,
        TimeProvider clock,
        SecurityLog log) : IRequestHandler<Delete, bool>
    {
        public async Task<bool> Handle(Delete delete, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var member = await session.LoadAsync<Member>(delete.MemberId, cancellationToken);
            if (member is not { IsDeleted: false })
            {
                throw ProblemException.NotFound("The member");
            }

            if (!await users.CheckPasswordAsync(member, delete.Password))
            {
                throw ProblemException.Invalid("password", "The password is not right.");
            }

            var now = clock.GetUtcNow();
            // The e-mail address goes with the account: the audit entry keeps the id only.
            session.Store(log.Entry(SecurityEventKind.AccountDeleted, member.Id, null, ""));
            // Earlier entries keep what happened, when and from where (kept for security, 365 days), not the address.
            var entries = await session.Query<Audit.SecurityEvent>().Where(e => e.MemberId == member.Id && e.Email != null).ToListAsync(cancellationToken);
            foreach (var entry in entries)
            {
                entry.Email = null;
                session.Store(entry);
            }

            // Keep the document as an anonymous tombstone so the member's posts keep an author; forget everything personal.
            member.Email = $"deleted-{member.Id:N}@deleted.invalid";
            member.NormalizedEmail = member.Email.ToUpperInvariant();
            member.Rename(MemberNames.FormerMember);
            member.Bio = "";
            member.Expertise = [];
            member.Interests = [];
            member.PractisingSince = null;
            member.PasswordHash = null;
            member.Passkeys = [];
            member.ExternalLogins = [];
            member.AuthenticatorKey = null;
            member.TwoFactorEnabled = false;
            member.RecoveryCodeHashes = [];
            member.LastTotpCodeHash = null;
            member.AvatarUpdatedAt = null;
            member.IsSiteAdministrator = false;
            member.SecurityStamp = Member.NewStamp();
            member.DeletedAt = now;
            session.Store(member);
            session.Delete<MemberAvatar>(member.Id);

            var tokens = await session.Query<PersonalAccessToken>().Where(t => t.MemberId == member.Id && t.RevokedAt == null).ToListAsync(cancellationToken);
            foreach (var token in tokens)
            {
                token.RevokedAt = now;
                session.Store(token);
            }

            session.Store(MemberErasures.Own(member.Id, now));
            await bus.PublishAsync(new MemberDeleted(member.Id, MemberNames.FormerMember, now));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/membership/members/me/export", async (CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var exported = await mediator.Send(new Export(me.Id), cancellationToken);
                    return Results.Json(exported, statusCode: 200, contentType: "application/json");
                })
                .WithSummary("Everything the platform holds about the signed-in member, as JSON.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPost("/api/membership/account/delete", async (Delete delete, CurrentMember me, IMediator mediator, SignInManager<Member> signIn,
                    CancellationToken cancellationToken) =>
                {
                    await mediator.Send(delete with { MemberId = me.Id }, cancellationToken);
                    await signIn.SignOutAsync();
                    return TypedResults.NoContent();
                })
                .WithSummary("Delete the signed-in member's account (confirm with the password). Content stays, anonymised.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
