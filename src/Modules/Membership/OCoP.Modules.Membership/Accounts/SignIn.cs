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

namespace OCoP.Modules.Membership.Accounts;

/// <summary>Password sign-in with a cookie, with the second factor when the member turned it on. Repeated failures lock the
/// account for a while.</summary>
internal static class SignIn
{
    /// <param name="TwoFactorCode">The authenticator's six digits, when the member turned two-factor on.</param>
    /// <param name="RecoveryCode">Instead of the authenticator code: one of the member's recovery codes, used up by signing in.</param>
    internal sealed record Command(string Email, string Password, bool RememberMe = false, string? TwoFactorCode = null, string? RecoveryCode = null)
        : IRequest<bool>;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
            RuleFor(c => c.TwoFactorCode).MaximumLength(16);
            RuleFor(c => c.RecoveryCode).MaximumLength(32);
        }
    }

    /// <summary>The problem title a client reads to ask for the second factor (the password was right).</summary>
    public const string TwoFactorRequiredTitle = "Two-factor code required";

    /// <summary>How long an accepted authenticator code stays refused: Identity accepts a code from the step before and after
    /// the current one, so a code can be valid for up to 90 seconds.</summary>
    internal static readonly TimeSpan TotpReplayWindow = TimeSpan.FromSeconds(90);

    internal sealed class Handler(SignInManager<Member> signIn, UserManager<Member> users, SignInThrottle throttle, SecurityLog log, TimeProvider clock)
        : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            throttle.Attempt(command.Email); // per account, beside the per-address limit on the endpoint
            var member = await users.FindByEmailAsync(command.Email.Trim());
            if (member is null)
            {
                await log.RecordAsync(SecurityEventKind.SignInFailed, null, command.Email, "no such account", cancellationToken);
                throw Failed();
            }

            // Password (with lockout and the confirmed-address rule), then the second factor, then the cookie: one request.
            var result = await signIn.CheckPasswordSignInAsync(member, command.Password, lockoutOnFailure: true);
            if (result.IsLockedOut)
            {
                await log.RecordAsync(SecurityEventKind.SignInFailed, member.Id, member.Email, "locked out", cancellationToken);
                throw new ProblemException(StatusCodes.Status423Locked, "Account locked",
                    "Too many failed sign-ins. Try again later or reset your password.");
            }

            if (result.IsNotAllowed)
            {
                throw ProblemException.Forbidden("Confirm your e-mail address before signing in: follow the link we sent you.");
            }

            if (!result.Succeeded)
            {
                await log.RecordAsync(SecurityEventKind.SignInFailed, member.Id, member.Email, "wrong password", cancellationToken);
                throw Failed();
            }

            var method = "password";
            if (member.TwoFactorEnabled)
            {
                method = await SecondFactorAsync(member, command, cancellationToken);
            }

            await signIn.SignInAsync(member, command.RememberMe, method);
            await log.RecordAsync(SecurityEventKind.SignedIn, member.Id, member.Email, method, cancellationToken);
            return true;
        }

        private async Task<string> SecondFactorAsync(Member member, Command command, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrWhiteSpace(command.RecoveryCode))
            {
                if ((await users.RedeemTwoFactorRecoveryCodeAsync(member, command.RecoveryCode)).Succeeded)
                {
                    return "password+recovery-code";
                }
            }
            else if (!string.IsNullOrWhiteSpace(command.TwoFactorCode))
            {
                var code = command.TwoFactorCode.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
                if (await users.VerifyTwoFactorTokenAsync(member, users.Options.Tokens.AuthenticatorTokenProvider, code))
                {
                    var now = clock.GetUtcNow();
                    var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)));
                    if (hash == member.LastTotpCodeHash && now - member.LastTotpAt < TotpReplayWindow)
                    {
                        await log.RecordAsync(SecurityEventKind.SignInFailed, member.Id, member.Email, "authenticator code used again", cancellationToken);
                        throw new ProblemException(StatusCodes.Status401Unauthorized, "Sign-in failed",
                            "This code has signed in already. Wait for the next code from your authenticator app.")
                        {
                            Errors = new Dictionary<string, string[]> { ["twoFactorCode"] = ["This code has been used: wait for the next one."] },
                        };
                    }

                    member.LastTotpCodeHash = hash;
                    member.LastTotpAt = now;
                    await users.UpdateAsync(member);
                    return "password+totp";
                }
            }
            else
            {
                throw new ProblemException(StatusCodes.Status401Unauthorized, TwoFactorRequiredTitle,
                    "Enter the code from your authenticator app, or one of your recovery codes.")
                {
                    Errors = new Dictionary<string, string[]> { ["twoFactorCode"] = ["Enter the code from your authenticator app."] },
                };
            }

            // A wrong code counts towards the lockout like a wrong password.
            await users.AccessFailedAsync(member);
            await log.RecordAsync(SecurityEventKind.SignInFailed, member.Id, member.Email, "wrong two-factor code", cancellationToken);
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Sign-in failed", "The authentication code is not right.")
            {
                Errors = new Dictionary<string, string[]> { ["twoFactorCode"] = ["The authentication code is not right."] },
            };
        }

        private static ProblemException Failed() =>
            new(StatusCodes.Status401Unauthorized, "Sign-in failed", "The e-mail address or password is not right.");
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
