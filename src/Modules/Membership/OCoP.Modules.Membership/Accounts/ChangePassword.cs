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

/// <summary>
/// Change the password, knowing the current one. The new one passes the same rules as at registration (common passwords
/// refused). The security stamp changes, so other signed-in browsers are signed out at their next stamp check; this
/// browser's cookie is renewed.
/// </summary>
internal static class ChangePassword
{
    internal sealed record Command(string CurrentPassword, string NewPassword) : IRequest<bool>
    {
        // Set from the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(128);
            RuleFor(c => c.NewPassword).NotEmpty().MaximumLength(128);
        }
    }

    internal sealed class Handler(UserManager<Member> users, SignInManager<Member> signIn, SecurityLog log) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            var member = await users.FindByIdAsync(command.MemberId.ToString()) ?? throw ProblemException.Unauthorized();
            if (!await users.CheckPasswordAsync(member, command.CurrentPassword))
            {
                throw ProblemException.Invalid("currentPassword", "The current password is not right.");
            }

            var result = await users.ChangePasswordAsync(member, command.CurrentPassword, command.NewPassword);
            if (!result.Succeeded)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, "One or more fields are invalid.")
                {
                    Errors = new Dictionary<string, string[]> { ["newPassword"] = result.Errors.Select(e => e.Description).ToArray() },
                };
            }

            await signIn.RefreshSignInAsync(member);
            await log.RecordAsync(SecurityEventKind.PasswordChanged, member.Id, member.Email, "", cancellationToken);
            return true;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/membership/account/password", async (Command command, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    SessionOnly.Require(me, "changed");
                    await mediator.Send(command with { MemberId = me.Id }, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Change the signed-in member's password (give the current one). From a signed-in session only.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
