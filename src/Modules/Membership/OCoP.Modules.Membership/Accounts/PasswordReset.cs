using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Audit;
using OCoP.Modules.Membership.Members;
using Wolverine;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>Forgot password (e-mails a link) and reset password (uses it).</summary>
internal static class PasswordReset
{
    internal sealed record Request(string Email) : IRequest<bool>;

    internal sealed record Reset(string Email, string Token, string NewPassword) : IRequest<bool>;

    internal sealed class RequestValidator : AbstractValidator<Request>
    {
        public RequestValidator() => RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress();
    }

    internal sealed class ResetValidator : AbstractValidator<Reset>
    {
        public ResetValidator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress();
            RuleFor(c => c.Token).NotEmpty().MaximumLength(2048);
            RuleFor(c => c.NewPassword).NotEmpty().MaximumLength(128);
        }
    }

    internal sealed class RequestHandler(UserManager<Member> users, AccountEmails emails, IMessageBus bus) : IRequestHandler<Request, bool>
    {
        public async Task<bool> Handle(Request request, CancellationToken cancellationToken)
        {
            // Same answer whether or not the address is known: the endpoint must not reveal who has an account.
            var member = await users.FindByEmailAsync(request.Email.Trim());
            if (member is not null)
            {
                var token = await users.GeneratePasswordResetTokenAsync(member);
                // Nothing else changes here: the request goes straight to its durable queue (Engagement records and sends it).
                await bus.PublishAsync(emails.PasswordReset(member, token));
            }

            return true;
        }
    }

    internal sealed class ResetHandler(UserManager<Member> users, SecurityLog log) : IRequestHandler<Reset, bool>
    {
        public async Task<bool> Handle(Reset reset, CancellationToken cancellationToken)
        {
            var member = await users.FindByEmailAsync(reset.Email.Trim())
                ?? throw ProblemException.Invalid("token", "This reset link is not valid or has expired.");
            var result = await users.ResetPasswordAsync(member, reset.Token, reset.NewPassword);
            if (result.Succeeded)
            {
                // A reset also ends a lockout: the member proved they own the address.
                await users.SetLockoutEndDateAsync(member, null);
                await users.ResetAccessFailedCountAsync(member);
                await log.RecordAsync(SecurityEventKind.PasswordReset, member.Id, member.Email, "", cancellationToken);
                return true;
            }

            var tokenInvalid = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            throw new ProblemException(StatusCodes.Status400BadRequest, "One or more fields are invalid.")
            {
                Errors = tokenInvalid
                    ? new Dictionary<string, string[]> { ["token"] = ["This reset link is not valid or has expired."] }
                    : new Dictionary<string, string[]> { ["newPassword"] = result.Errors.Select(e => e.Description).ToArray() },
            };
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/account/forgot-password", async (Request request, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(request, cancellationToken);
                    return TypedResults.Accepted((string?)null);
                })
                .WithSummary("E-mail a password reset link, if the address has an account.")
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous();

            app.MapPost("/api/membership/account/reset-password", async (Reset reset, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(reset, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Choose a new password with the token from the reset e-mail.")
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous();
        }
    }
}
