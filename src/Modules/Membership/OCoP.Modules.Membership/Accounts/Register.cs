using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Email;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Accounts;

internal static class Register
{
    internal sealed record Command(string Email, string Password, string DisplayName) : IRequest<Registered>;

    internal sealed record Registered(Guid MemberId);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress().Must(EmailAddresses.IsAscii).WithMessage(EmailAddresses.NonAsciiRefused);
            RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(80);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
        }
    }

    internal sealed class Handler(
        Registration registration,
        IMessageBus bus,
        UserManager<Member> users,
        IPasswordHasher<Member> hasher,
        AccountEmails emails) : IRequestHandler<Command, Registered>
    {
        public async Task<Registered> Handle(Command command, CancellationToken cancellationToken)
        {
            var member = registration.NewMember(command.Email, command.DisplayName);
            await RefuseWeakPasswordAsync(member, command.Password);
            member.PasswordHash = hasher.HashPassword(member, command.Password);
            // Recorded and sent by Engagement, committed with the account: no account without its confirmation e-mail.
            await registration.SaveAsync(member,
                async () => await bus.PublishAsync(emails.Confirmation(member, await users.GenerateEmailConfirmationTokenAsync(member))),
                cancellationToken);
            return new Registered(member.Id);
        }

        private async Task RefuseWeakPasswordAsync(Member member, string password)
        {
            var errors = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, member, password);
                errors.AddRange(result.Errors.Select(e => e.Description));
            }

            if (errors.Count > 0)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, "One or more fields are invalid.")
                {
                    Errors = new Dictionary<string, string[]> { ["password"] = errors.ToArray() },
                };
            }
        }
    }

    /// <summary>
    /// The one way a member account is made, by a password registration or a first sign-in with an external provider:
    /// the address is unique, the first member is a site administrator, and <see cref="MemberRegistered"/> commits with
    /// the account (outbox).
    /// </summary>
    internal sealed class Registration(
        OutboxedSessionFactory<IMembershipStore> sessions,
        IMessageBus bus,
        UserManager<Member> users,
        SiteAdministrators administrators,
        TimeProvider clock)
    {
        public Member NewMember(string email, string displayName)
        {
            var now = clock.GetUtcNow();
            var member = new Member
            {
                Id = Guid.CreateVersion7(now),
                Email = email.Trim(),
                NormalizedEmail = users.NormalizeEmail(email.Trim()),
                RegisteredAt = now,
            };
            member.Rename(displayName);
            return member;
        }

        /// <param name="publishAlso">Messages to commit with the account (the confirmation e-mail), published in its outbox.</param>
        public async Task SaveAsync(Member member, Func<Task>? publishAlso, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            if (await session.Query<Member>().AnyAsync(m => m.NormalizedEmail == member.NormalizedEmail, cancellationToken))
            {
                throw ProblemException.Conflict("An account with this e-mail address already exists.");
            }

            member.IsSiteAdministrator = !await session.Query<Member>().AnyAsync(cancellationToken) || administrators.Includes(member);
            session.Store(member);
            await bus.PublishAsync(new MemberRegistered(member.Id, member.DisplayName, member.TimeZone, member.RegisteredAt));
            if (publishAlso is not null)
            {
                await publishAlso();
            }

            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception exception) when (IsUniqueViolation(exception))
            {
                // Two registrations raced past the check above: the unique index decides, and the loser's event is never sent.
                throw ProblemException.Conflict("An account with this e-mail address already exists.");
            }
        }

        private static bool IsUniqueViolation(Exception? exception)
        {
            for (; exception is not null; exception = exception.InnerException)
            {
                if (exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/membership/account/register", async (Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var registered = await mediator.Send(command, cancellationToken);
                    return TypedResults.Created($"/api/membership/members/{registered.MemberId}", registered);
                })
                .WithSummary("Register a new member account; a confirmation link is e-mailed.")
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous();
    }
}
