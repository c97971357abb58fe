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
/// TOTP two-factor sign-in (RFC 6238: six digits, 30-second steps, HMAC-SHA1, the authenticator apps' default) with
/// recovery codes, on ASP.NET Core Identity's authenticator token provider. Set up in two steps: a new shared key (shown
/// as a key and an otpauth:// URI for a QR code), then a code from the app turns it on and answers ten recovery codes,
/// shown once and stored hashed. Turning it off or renewing the codes asks for the password. Session only.
/// </summary>
internal static class TwoFactor
{
    internal const int RecoveryCodeCount = 10;

    internal sealed record Status(bool Enabled, int RecoveryCodesLeft);

    internal sealed record Authenticator(string SharedKey, string AuthenticatorUri);

    internal sealed record RecoveryCodes(IReadOnlyList<string> Codes);

    internal sealed record Enable(string Code) : IRequest<RecoveryCodes>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    /// <summary>Turn two-factor off, or (<see cref="Renew"/>) replace the recovery codes: both need the password.</summary>
    internal sealed record PasswordConfirmation(string Password);

    internal sealed class EnableValidator : AbstractValidator<Enable>
    {
        public EnableValidator() => RuleFor(e => e.Code).NotEmpty().MaximumLength(16);
    }

    internal sealed class EnableHandler(UserManager<Member> users, SignInManager<Member> signIn, SecurityLog log) : IRequestHandler<Enable, RecoveryCodes>
    {
        public async Task<RecoveryCodes> Handle(Enable enable, CancellationToken cancellationToken)
        {
            var member = await users.FindByIdAsync(enable.MemberId.ToString()) ?? throw ProblemException.Unauthorized();
            if (member.TwoFactorEnabled)
            {
                throw ProblemException.Conflict("Two-factor sign-in is already on.");
            }

            if (member.AuthenticatorKey is null)
            {
                throw ProblemException.Conflict("Start with a new authenticator key (POST /api/membership/account/two-factor/authenticator).");
            }

            var code = enable.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (!await users.VerifyTwoFactorTokenAsync(member, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                throw ProblemException.Invalid("code", "This code is not the one your authenticator app shows now.");
            }

            await users.SetTwoFactorEnabledAsync(member, true);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(member, RecoveryCodeCount);
            await signIn.RefreshSignInAsync(member);
            await log.RecordAsync(SecurityEventKind.TwoFactorEnabled, member.Id, member.Email, "totp", cancellationToken);
            return new RecoveryCodes(codes?.ToList() ?? []);
        }
    }

    internal static async Task<Status> StatusAsync(UserManager<Member> users, Guid memberId)
    {
        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        return new Status(member.TwoFactorEnabled, member.TwoFactorEnabled ? member.RecoveryCodeHashes.Count : 0);
    }

    /// <summary>A new shared key (the old one, if any, stops working); refused while two-factor is on.</summary>
    internal static async Task<Authenticator> NewAuthenticatorAsync(UserManager<Member> users, SignInManager<Member> signIn, Guid memberId)
    {
        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        if (member.TwoFactorEnabled)
        {
            throw ProblemException.Conflict("Two-factor sign-in is on: turn it off before setting up another authenticator.");
        }

        await users.ResetAuthenticatorKeyAsync(member);
        await signIn.RefreshSignInAsync(member);
        return AuthenticatorOf(member.Email, await users.GetAuthenticatorKeyAsync(member) ?? "");
    }

    /// <summary>The key being set up (made but not yet confirmed with a code), or null.</summary>
    internal static async Task<Authenticator?> PendingAuthenticatorAsync(UserManager<Member> users, Guid memberId)
    {
        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        return member.TwoFactorEnabled || await users.GetAuthenticatorKeyAsync(member) is not { } key ? null : AuthenticatorOf(member.Email, key);
    }

    private static Authenticator AuthenticatorOf(string email, string key) =>
        new(key, $"otpauth://totp/{Uri.EscapeDataString("OCoP:" + email)}?secret={key}&issuer=OCoP&digits=6&period=30");

    /// <summary>The otpauth:// URI as a QR code (SVG, dark modules on white), for a phone's authenticator app to scan.</summary>
    internal static string QrCodeSvg(string authenticatorUri)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(authenticatorUri, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(new System.Drawing.Size(200, 200), "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: QRCoder.SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    internal static async Task<RecoveryCodes> RenewRecoveryCodesAsync(UserManager<Member> users, SecurityLog log, Guid memberId, string? password,
        CancellationToken cancellationToken)
    {
        var member = await ConfirmedAsync(users, memberId, password);
        if (!member.TwoFactorEnabled)
        {
            throw ProblemException.Conflict("Two-factor sign-in is off: there are no recovery codes to renew.");
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(member, RecoveryCodeCount);
        await log.RecordAsync(SecurityEventKind.RecoveryCodesRenewed, member.Id, member.Email, "", cancellationToken);
        return new RecoveryCodes(codes?.ToList() ?? []);
    }

    internal static async Task DisableAsync(UserManager<Member> users, SignInManager<Member> signIn, SecurityLog log, Guid memberId, string? password,
        CancellationToken cancellationToken)
    {
        var member = await ConfirmedAsync(users, memberId, password);
        await users.SetTwoFactorEnabledAsync(member, false);
        // The old app's codes and the recovery codes mean nothing any more.
        member.AuthenticatorKey = null;
        member.RecoveryCodeHashes = [];
        await users.UpdateSecurityStampAsync(member);
        await signIn.RefreshSignInAsync(member);
        await log.RecordAsync(SecurityEventKind.TwoFactorDisabled, member.Id, member.Email, "", cancellationToken);
    }

    private static async Task<Member> ConfirmedAsync(UserManager<Member> users, Guid memberId, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw ProblemException.Invalid("password", "Enter your password.");
        }

        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        return await users.CheckPasswordAsync(member, password)
            ? member
            : throw ProblemException.Invalid("password", "The password is not right.");
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            var group = app.MapGroup("/api/membership/account/two-factor").RequireAuthorization(MemberPolicy.Name);

            group.MapGet("", async (CurrentMember me, UserManager<Member> users) => TypedResults.Ok(await StatusAsync(users, me.Id)))
                .WithSummary("Whether two-factor sign-in is on, and how many recovery codes are left.");

            group.MapPost("/authenticator", async (CurrentMember me, UserManager<Member> users, SignInManager<Member> signIn) =>
                {
                    SessionOnly.Require(me, "set up");
                    return TypedResults.Ok(await NewAuthenticatorAsync(users, signIn, me.Id));
                })
                .WithSummary("Start setting up two-factor sign-in: a new shared key for an authenticator app (Base32, and as an otpauth:// URI).");

            group.MapPost("/enable", async (Enable enable, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    SessionOnly.Require(me, "turned on");
                    return TypedResults.Ok(await mediator.Send(enable with { MemberId = me.Id }, cancellationToken));
                })
                .WithSummary("Turn two-factor sign-in on with a code from the authenticator app; answers the recovery codes, shown this once.");

            group.MapPost("/recovery-codes", async (PasswordConfirmation confirmation, CurrentMember me, UserManager<Member> users, SecurityLog log,
                    CancellationToken cancellationToken) =>
                {
                    SessionOnly.Require(me, "done");
                    return TypedResults.Ok(await RenewRecoveryCodesAsync(users, log, me.Id, confirmation.Password, cancellationToken));
                })
                .WithSummary("Replace the recovery codes (give the password); the old ones stop working.");

            group.MapPost("/disable", async (PasswordConfirmation confirmation, CurrentMember me, UserManager<Member> users, SignInManager<Member> signIn,
                    SecurityLog log, CancellationToken cancellationToken) =>
                {
                    SessionOnly.Require(me, "turned off");
                    await DisableAsync(users, signIn, log, me.Id, confirmation.Password, cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Turn two-factor sign-in off (give the password).");
        }
    }
}
