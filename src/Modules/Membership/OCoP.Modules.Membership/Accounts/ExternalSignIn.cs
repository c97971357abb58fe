using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OCoP.BuildingBlocks.Email;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Membership.Audit;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Accounts;

/// <summary>
/// Sign-in with an external OpenID Connect provider (issue 18 item 6): providers come from configuration
/// (<c>Membership:ExternalSignIn:&lt;key&gt;</c>: DisplayName, Authority, ClientId, ClientSecret), none by default; each is
/// an authorization-code flow with PKCE into Identity's temporary external cookie. The callback page hands the provider's
/// answer here: a member linked to the provider's subject signs in; otherwise a verified e-mail address links the member
/// who holds it (confirmed), or registers a new, confirmed member. docs/adr/0069.
/// </summary>
internal static class ExternalSignIn
{
    public const string Section = "Membership:ExternalSignIn";

    /// <summary>The authentication-properties item that names the provider's key through the round trip.</summary>
    public const string ProviderItem = "ocop.provider";

    /// <summary>Where a refusal is carried to the sign-in page.</summary>
    public const string ErrorTempDataKey = "ExternalSignInError";

    internal sealed record Provider(string Key, string DisplayName)
    {
        public string Scheme => SchemeOf(Key);
    }

    public static string SchemeOf(string key) => "oidc-" + key;

    /// <summary>The configured providers, in configuration order: the sign-in page shows one button each.</summary>
    internal sealed class Providers(IReadOnlyList<Provider> all)
    {
        public IReadOnlyList<Provider> All { get; } = all;

        public Provider? Find(string? key) => All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.Ordinal));
    }

    /// <summary>One OpenID Connect scheme per configured provider, signing into Identity's external cookie.</summary>
    public static void AddExternalSignIn(this IServiceCollection services, AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var providers = new List<Provider>();
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var key = section.Key;
            var authority = section["Authority"] ?? throw new InvalidOperationException($"{Section}:{key}:Authority is not set.");
            var provider = new Provider(key, section["DisplayName"] is { Length: > 0 } name ? name : key);
            providers.Add(provider);
            authentication.AddOpenIdConnect(provider.Scheme, provider.DisplayName, options =>
            {
                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.Authority = authority;
                options.ClientId = section["ClientId"];
                options.ClientSecret = section["ClientSecret"];
                options.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back in the query of a top-level redirect: the correlation and nonce cookies can then be
                // SameSite=Lax (a form_post from the provider's site would need SameSite=None, which needs HTTPS).
                options.ResponseMode = OpenIdConnectResponseMode.Query;
                options.UsePkce = true;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("email");
                options.Scope.Add("profile");
                // Paths of their own per provider: handlers sharing a path would answer for each other.
                options.CallbackPath = $"/signin-oidc-{key}";
                options.SignedOutCallbackPath = $"/signout-callback-oidc-{key}";
                options.RemoteSignOutPath = $"/signout-oidc-{key}";
                options.MapInboundClaims = false; // keep sub, email, email_verified, name as the provider names them
                options.SaveTokens = false; // no provider token is kept
                options.GetClaimsFromUserInfoEndpoint = false;
                options.DisableTelemetry = true;
                options.RequireHttpsMetadata = !IsLoopbackHttp(authority);
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                options.Events.OnRemoteFailure = context =>
                {
                    // Refused or broken at the provider: back to the sign-in page with a sentence, not an error page.
                    var tempData = context.HttpContext.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
                    tempData[ErrorTempDataKey] = $"Signing in with {provider.DisplayName} did not work. Try again, or sign in another way.";
                    tempData.Save();
                    context.Response.Redirect("/account/sign-in");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        services.AddSingleton(new Providers(providers));
    }

    /// <summary>Plain HTTP only for a provider on this machine (development and tests); anywhere else its metadata must be HTTPS.</summary>
    internal static bool IsLoopbackHttp(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp &&
        (uri.Host == "localhost" || uri.Host == "127.0.0.1");

    /// <param name="Provider">The configuration key of the provider that answered.</param>
    /// <param name="Subject">The provider's <c>sub</c>: who the person is there, for good.</param>
    internal sealed record Command(string Provider, string Subject, string? Email, bool EmailVerified, string? Name) : IRequest<Outcome>;

    internal sealed record Outcome(Guid MemberId, bool Registered, bool Linked);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Provider).NotEmpty().MaximumLength(64);
            RuleFor(c => c.Subject).NotEmpty().WithMessage("The provider did not say who you are.").MaximumLength(255);
            RuleFor(c => c.Email).MaximumLength(254);
            RuleFor(c => c.Name).MaximumLength(200);
        }
    }

    internal sealed class Handler(
        Providers providers,
        UserManager<Member> users,
        SignInManager<Member> signIn,
        Register.Registration registration,
        SecurityLog log,
        TimeProvider clock) : IRequestHandler<Command, Outcome>
    {
        public async Task<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var provider = providers.Find(command.Provider) ?? throw ProblemException.NotFound("The sign-in provider");
            var method = "provider " + provider.DisplayName;
            bool registered = false, linked = false;

            // Linked before: the provider's subject decides, whatever address the provider gives today.
            var member = await users.FindByLoginAsync(provider.Key, command.Subject);
            if (member is null)
            {
                // Not linked: only an address the provider says it verified may link or make an account.
                if (string.IsNullOrWhiteSpace(command.Email) || !command.EmailVerified || !EmailAddresses.IsAscii(command.Email))
                {
                    await log.RecordAsync(SecurityEventKind.SignInFailed, null, command.Email, method + ": e-mail address not verified", cancellationToken);
                    throw ProblemException.Forbidden(
                        $"{provider.DisplayName} did not confirm that your e-mail address is verified, so we cannot sign you in with it. " +
                        $"Verify your address at {provider.DisplayName}, or sign in another way.");
                }

                var email = command.Email.Trim();
                member = await users.FindByEmailAsync(email);
                if (member is null)
                {
                    member = registration.NewMember(email, DisplayNameOf(command.Name, email));
                    member.EmailConfirmed = true; // the provider verified it
                    member.ExternalLogins.Add(new MemberExternalLogin
                    {
                        Provider = provider.Key, Subject = command.Subject, ProviderDisplayName = provider.DisplayName, LinkedAt = clock.GetUtcNow(),
                    });
                    await registration.SaveAsync(member, null, cancellationToken);
                    await log.RecordAsync(SecurityEventKind.ExternalSignInLinked, member.Id, member.Email, provider.DisplayName + " (new account)", cancellationToken);
                    registered = true;
                }
                else
                {
                    if (!member.EmailConfirmed)
                    {
                        // Whoever registered the address has not proven it: linking would hand their password a verified account.
                        throw ProblemException.Forbidden(
                            "An account with this e-mail address waits for its confirmation: follow the link we sent, " +
                            $"then sign in with {provider.DisplayName} again.");
                    }

                    await RefuseAsync(member, method, cancellationToken);
                    var added = await users.AddLoginAsync(member, new UserLoginInfo(provider.Key, command.Subject, provider.DisplayName));
                    if (!added.Succeeded)
                    {
                        throw ProblemException.Conflict(string.Join(" ", added.Errors.Select(e => e.Description)));
                    }

                    await log.RecordAsync(SecurityEventKind.ExternalSignInLinked, member.Id, member.Email, provider.DisplayName, cancellationToken);
                    linked = true;
                }
            }

            await RefuseAsync(member, method, cancellationToken);
            if (member.ExternalLogins.Find(l => l.Provider == provider.Key && l.Subject == command.Subject) is { } login)
            {
                login.LastUsedAt = clock.GetUtcNow();
            }

            member.AccessFailedCount = 0;
            await users.UpdateAsync(member);
            await signIn.SignInAsync(member, isPersistent: false, "external:" + provider.Key);
            await log.RecordAsync(SecurityEventKind.SignedIn, member.Id, member.Email, method, cancellationToken);
            return new Outcome(member.Id, registered, linked);
        }

        /// <summary>Lockout, the confirmed-address rule and the second factor apply to a provider's sign-in as to any other.</summary>
        private async Task RefuseAsync(Member member, string method, CancellationToken cancellationToken)
        {
            if (await users.IsLockedOutAsync(member))
            {
                await log.RecordAsync(SecurityEventKind.SignInFailed, member.Id, member.Email, method + ": locked out", cancellationToken);
                throw new ProblemException(StatusCodes.Status423Locked, "Account locked",
                    "Too many failed sign-ins. Try again later or reset your password.");
            }

            if (member.TwoFactorEnabled)
            {
                // The provider's sign-in is one factor: it does not stand in for the authenticator the member turned on.
                await log.RecordAsync(SecurityEventKind.SignInFailed, member.Id, member.Email, method + ": two-factor is on", cancellationToken);
                throw ProblemException.Forbidden(
                    "Two-factor sign-in is on for this account: sign in with your password and authenticator code, or with a passkey.");
            }

            if (!await signIn.CanSignInAsync(member))
            {
                throw ProblemException.Forbidden("Confirm your e-mail address before signing in: follow the link we sent you.");
            }
        }

        private static string DisplayNameOf(string? name, string email)
        {
            var trimmed = name?.Trim();
            if (string.IsNullOrEmpty(trimmed))
            {
                trimmed = email[..email.IndexOf('@', StringComparison.Ordinal)];
            }

            return trimmed.Length > 80 ? trimmed[..80] : trimmed;
        }
    }

    internal sealed record LinkView(string Provider, string DisplayName, DateTimeOffset LinkedAt, DateTimeOffset? LastUsedAt);

    internal static async Task<List<LinkView>> ListAsync(UserManager<Member> users, Guid memberId)
    {
        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        return member.ExternalLogins.OrderBy(l => l.LinkedAt)
            .Select(l => new LinkView(l.Provider, l.ProviderDisplayName ?? l.Provider, l.LinkedAt, l.LastUsedAt)).ToList();
    }

    /// <summary>Whether the member keeps a way in without this link: a password, a passkey or another provider.</summary>
    internal static bool CanUnlink(Member member) =>
        member.PasswordHash is not null || member.Passkeys.Count > 0 || member.ExternalLogins.Count > 1;

    internal static async Task UnlinkAsync(UserManager<Member> users, SignInManager<Member> signIn, SecurityLog log, Guid memberId, string provider,
        CancellationToken cancellationToken)
    {
        var member = await users.FindByIdAsync(memberId.ToString()) ?? throw ProblemException.Unauthorized();
        var login = member.ExternalLogins.Find(l => l.Provider == provider) ?? throw ProblemException.NotFound("The linked provider");
        if (!CanUnlink(member))
        {
            throw ProblemException.Conflict(
                $"{login.ProviderDisplayName ?? login.Provider} is your only way to sign in: set a password (Forgot your password?) or add a passkey first.");
        }

        var removed = await users.RemoveLoginAsync(member, login.Provider, login.Subject); // changes the security stamp
        if (!removed.Succeeded)
        {
            throw ProblemException.Conflict(string.Join(" ", removed.Errors.Select(e => e.Description)));
        }

        await signIn.RefreshSignInAsync(member); // this session stays; others end at their next check
        await log.RecordAsync(SecurityEventKind.ExternalSignInUnlinked, member.Id, member.Email, login.ProviderDisplayName ?? login.Provider, cancellationToken);
    }
}
