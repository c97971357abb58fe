using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>Password sign-in with a cookie. Repeated failures lock the account for a while.</summary>
internal static class SignIn
{
    internal sealed record Command(string Email, string Password, bool RememberMe = false) : IRequest<bool>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
        }
    }

    internal sealed class Handler(SignInManager<Member> signIn, SignInThrottle throttle) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            throttle.Attempt(command.Email); // per account, beside the per-address limit on the endpoint
            var result = await signIn.PasswordSignInAsync(command.Email.Trim(), command.Password, command.RememberMe, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return true;
            }

            if (result.IsLockedOut)
            {
                throw new ProblemException(StatusCodes.Status423Locked, "Account locked",
                    "Too many failed sign-ins. Try again later or reset your password.");
            }

            if (result.IsNotAllowed)
            {
                throw ProblemException.Forbidden("Confirm your e-mail address before signing in: follow the link we sent you.");
            }

            throw new ProblemException(StatusCodes.Status401Unauthorized, "Sign-in failed", "The e-mail address or password is not right.");
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapPost("/api/membership/account/sign-in", async (Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(command, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Sign in with e-mail and password; sets the session cookie.")
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous();

            app.MapPost("/api/membership/account/sign-out", async (SignInManager<Member> signIn) =>
                {
                    await signIn.SignOutAsync();
                    return TypedResults.NoContent();
                })
                .WithSummary("Sign out: clears the session cookie.")
                .AllowAnonymous();
        }
    }
}
