using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Paging;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Audit;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>
/// Passkeys (WebAuthn, issue 18 item 6) on ASP.NET Core Identity's own passkey support: the server makes the options,
/// the browser's <c>navigator.credentials.create()</c>/<c>get()</c> answers with a credential, Identity checks it
/// (challenge kept in its short-lived cookie, origin, signature, sign count). A passkey signs in without a password and
/// without the second factor: it is itself something the member has and (with user verification) is or knows.
/// Adding and removing one is done from a signed-in session only, like every other change to what guards the account.
/// </summary>
internal static class Passkeys
{
    internal sealed record PasskeyView(string Id, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

    /// <param name="Credential">The JSON of the <c>PublicKeyCredential</c> that <c>navigator.credentials.create()</c> answered.</param>
    /// <param name="Name">What the member calls it ("Work laptop"); the default names the time it was added.</param>
    internal sealed record Add(string Credential, string? Name = null) : IRequest<PasskeyView>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed class AddValidator : AbstractValidator<Add>
    {
        public AddValidator()
        {
            RuleFor(a => a.Credential).NotEmpty().WithMessage("The browser gave no passkey: try adding it again.").MaximumLength(64_000)
                .Must(IsCredentialShaped).WithMessage("The browser's answer is not a passkey credential.");
            RuleFor(a => a.Name).MaximumLength(80);
        }
    }

    /// <summary>
    /// Identity's passkey methods throw on text that is not a JSON object, and on an object without a credential's
    /// <c>id</c>, <c>type</c> and <c>response</c> (the one-hour fuzz run found <c>{"a":1}</c>): such input is refused
    /// at its field first.
    /// </summary>
    internal static bool IsCredentialShaped(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return true; // NotEmpty says so
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object
                && root.TryGetProperty("id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String
                && root.TryGetProperty("type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String
                && root.TryGetProperty("response", out var response) && response.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>A well-formed JSON object that Identity still cannot read as a credential (a field of the wrong type) is bad input too.</summary>
    private static async Task<T> ReadCredentialAsync<T>(Func<Task<T>> perform)
    {
        try
        {
            return await perform();
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            throw ProblemException.Invalid("credential", "The browser's answer is not a passkey credential.");
        }
    }

    internal sealed class AddHandler(UserManager<Member> users, SignInManager<Member> signIn, SecurityLog log, TimeProvider clock)
        : IRequestHandler<Add, PasskeyView>
    {
        public async Task<PasskeyView> Handle(Add add, CancellationToken cancellationToken)
        {
            var member = await users.FindByIdAsync(add.MemberId.ToString()) ?? throw ProblemException.Unauthorized();
            var attestation = await ReadCredentialAsync(() => signIn.PerformPasskeyAttestationAsync(add.Credential));
            if (!attestation.Succeeded)
            {
                throw ProblemException.Invalid("credential", $"The passkey was not accepted: {attestation.Failure.Message}");
            }

            // The options were made for the member signed in now; a credential made for someone else is not theirs.
            if (attestation.UserEntity.Id != member.Id.ToString())
            {
                throw ProblemException.Invalid("credential", "The passkey was made for another account.");
            }

            var passkey = attestation.Passkey;
            passkey.Name = string.IsNullOrWhiteSpace(add.Name)
                ? $"Passkey added {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC"
                : add.Name.Trim();
            var saved = await users.AddOrUpdatePasskeyAsync(member, passkey);
            if (!saved.Succeeded)
            {
                throw ProblemException.Conflict(string.Join(" ", saved.Errors.Select(e => e.Description)));
            }

            await log.RecordAsync(SecurityEventKind.PasskeyAdded, member.Id, member.Email, passkey.Name, cancellationToken);
            var stored = member.Passkeys.Find(p => p.Id == System.Buffers.Text.Base64Url.EncodeToString(passkey.CredentialId))!;
            return View(stored);
        }
    }

    /// <param name="Credential">The JSON of the <c>PublicKeyCredential</c> that <c>navigator.credentials.get()</c> answered.</param>
    internal sealed record SignInWithPasskey(string Credential, bool RememberMe = false) : IRequest<bool>;

    internal sealed class SignInValidator : AbstractValidator<SignInWithPasskey>
    {
        public SignInValidator() =>
            RuleFor(s => s.Credential).NotEmpty().WithMessage("The browser gave no passkey: try again.").MaximumLength(64_000)
                .Must(IsCredentialShaped).WithMessage("The browser's answer is not a passkey credential.");
    }

    internal sealed class SignInHandler(SignInManager<Member> signIn, UserManager<Member> users, SecurityLog log)
        : IRequestHandler<SignInWithPasskey, bool>
    {
        public async Task<bool> Handle(SignInWithPasskey command, CancellationToken cancellationToken)
        {
            var assertion = await ReadCredentialAsync(() => signIn.PerformPasskeyAssertionAsync(command.Credential));
            if (!assertion.Succeeded)
            {
                await log.RecordAsync(SecurityEventKind.SignInFailed, null, null, "passkey: " + assertion.Failure.Message, cancellationToken);
                throw new ProblemException(StatusCodes.Status401Unauthorized, "Sign-in failed", "This passkey is not one we know.");
            }

            var member = assertion.User;
            if (await users.IsLockedOutAsync(member))
            {
                await log.RecordAsync(SecurityEventKind.SignInFailed, member.Id, member.Email, "locked out", cancellationToken);
                throw new ProblemException(StatusCodes.Status423Locked, "Account locked",
                    "Too many failed sign-ins. Try again later or reset your password.");
            }

            if (!await signIn.CanSignInAsync(member))
            {
                throw ProblemException.Forbidden("Confirm your e-mail address before signing in: follow the link we sent you.");
            }

            // The new sign count (a cloned authenticator shows as a count going backwards) and the time it was used.
            await users.AddOrUpdatePasskeyAsync(member, assertion.Passkey);
            await users.ResetAccessFailedCountAsync(member);
            await signIn.SignInAsync(member, command.RememberMe, "passkey");
            await log.RecordAsync(SecurityEventKind.SignedIn, member.Id, member.Email, "passkey", cancellationToken);
            return true;
        }
    }

    internal static async Task<List<PasskeyView>> ListAsync(UserManager<Member> users, Guid memberId)
    {
        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        return member.Passkeys.OrderBy(p => p.CreatedAt).Select(View).ToList();
    }

    internal static PasskeyView View(MemberPasskey passkey) => new(passkey.Id, passkey.Name, passkey.CreatedAt, passkey.LastUsedAt);

    /// <summary>Options for <c>navigator.credentials.create()</c>: the member's id, address and name, a fresh challenge.</summary>
    internal static Task<string> CreationOptionsAsync(SignInManager<Member> signIn, Member member) =>
        signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = member.Id.ToString(), Name = member.Email, DisplayName = member.DisplayName });

    internal static async Task RemoveAsync(UserManager<Member> users, SecurityLog log, Guid memberId, string id, CancellationToken cancellationToken)
    {
        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        var passkey = member.Passkeys.Find(p => p.Id == id) ?? throw ProblemException.NotFound("The passkey");
        await users.RemovePasskeyAsync(member, System.Buffers.Text.Base64Url.DecodeFromChars(passkey.Id));
        await log.RecordAsync(SecurityEventKind.PasskeyRemoved, member.Id, member.Email, passkey.Name ?? "", cancellationToken);
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            var group = app.MapGroup("/api/membership/account/passkeys");

            group.MapGet("", async (string? cursor, int? limit, CurrentMember me, UserManager<Member> users) =>
                    CursorPage.Of(await ListAsync(users, me.Id), cursor, limit))
                .RequireAuthorization(MemberPolicy.Name)
                .WithSummary("The member's passkeys: id, name, when added and last used.");

            group.MapPost("/creation-options", async (CurrentMember me, UserManager<Member> users, SignInManager<Member> signIn) =>
                {
                    SessionOnly.Require(me, "added");
                    var member = await users.FindByIdAsync(me.Id.ToString()) ?? throw ProblemException.Unauthorized();
                    return Results.Content(await CreationOptionsAsync(signIn, member), "application/json");
                })
                .RequireAuthorization(MemberPolicy.Name)
                .Produces(StatusCodes.Status200OK, contentType: "application/json")
                .WithSummary("Start adding a passkey: the options (JSON) for the browser's navigator.credentials.create().");

            group.MapPost("", async (Add add, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    SessionOnly.Require(me, "added");
                    var view = await mediator.Send(add with { MemberId = me.Id }, cancellationToken);
                    return TypedResults.Created($"/api/membership/account/passkeys/{view.Id}", view);
                })
                .RequireAuthorization(MemberPolicy.Name)
                .WithSummary("Add a passkey: the credential the browser's navigator.credentials.create() answered, and a name.");

            group.MapDelete("/{passkeyId}", async (string passkeyId, CurrentMember me, UserManager<Member> users, SecurityLog log, CancellationToken cancellationToken) =>
                {
                    SessionOnly.Require(me, "removed");
                    await RemoveAsync(users, log, me.Id, passkeyId, cancellationToken);
                    return TypedResults.NoContent();
                })
                .RequireAuthorization(MemberPolicy.Name)
                .WithSummary("Remove a passkey: it signs in no more.");

            group.MapPost("/request-options", async (SignInManager<Member> signIn) =>
                    Results.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json"))
                .Produces(StatusCodes.Status200OK, contentType: "application/json")
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous()
                .WithSummary("Start signing in with a passkey: the options (JSON) for the browser's navigator.credentials.get().");

            group.MapPost("/sign-in", async (SignInWithPasskey command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(command, cancellationToken);
                    return TypedResults.NoContent();
                })
                .RequireRateLimiting(RateLimitPolicies.Account)
                .AllowAnonymous()
                .WithSummary("Sign in with a passkey: the credential the browser's navigator.credentials.get() answered; sets the session cookie.");
        }
    }
}
