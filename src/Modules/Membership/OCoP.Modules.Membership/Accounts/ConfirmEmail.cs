using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Accounts;

internal static class ConfirmEmail
{
    internal sealed record Command(Guid MemberId, string Token) : IRequest<bool>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.MemberId).NotEmpty();
            RuleFor(c => c.Token).NotEmpty().MaximumLength(2048);
        }
    }

    internal sealed class Handler(UserManager<Member> users, OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, TimeProvider clock)
        : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var member = await users.FindByIdAsync(command.MemberId.ToString())
                ?? throw ProblemException.Invalid("token", "This confirmation link is not valid.");
            var valid = await users.VerifyUserTokenAsync(member, users.Options.Tokens.EmailConfirmationTokenProvider,
                UserManager<Member>.ConfirmEmailTokenPurpose, command.Token);
            if (!valid)
            {
                throw ProblemException.Invalid("token", "This confirmation link is not valid or has expired.");
            }

            if (member.EmailConfirmed)
            {
                return true; // the link clicked twice: nothing new to tell
            }

            // Not through UserManager.ConfirmEmailAsync: the member and the event that hands the address to the other
            // modules commit together.
            await using var session = sessions.OpenSession(bus);
            member.EmailConfirmed = true;
            session.Store(member);
            await bus.PublishAsync(new MemberEmailConfirmed(member.Id, member.Email, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    internal sealed record Resend(string Email) : IRequest<bool>;

    internal sealed class ResendValidator : AbstractValidator<Resend>
    {
        public ResendValidator() => RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress();
    }

    internal sealed class ResendHandler(UserManager<Member> users, AccountEmails emails) : IRequestHandler<Resend, bool>
    {
        public async Task<bool> Handle(Resend resend, CancellationToken cancellationToken)
        {
            // Same answer whether or not the address is known or already confirmed: do not reveal who has an account.
            var member = await users.FindByEmailAsync(resend.Email.Trim());
            if (member is { EmailConfirmed: false })
            {
                await emails.SendConfirmationAsync(member, await users.GenerateEmailConfirmationTokenAsync(member), cancellationToken);
            }

            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/account/resend-confirmation", async (Resend resend, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(resend, cancellationToken);
                    return TypedResults.Accepted((string?)null);
                })
                .WithSummary("E-mail the confirmation link again, if the address has an unconfirmed account.")
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous();

            app.MapPost("/api/membership/account/confirm", async (Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(command, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Confirm an e-mail address with the token from the confirmation e-mail.")
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous();
        }
    }
}
