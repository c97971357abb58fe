using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// A real OpenID Connect provider in the test process: OpenIddict's server on Kestrel on a free loopback port, with the
/// discovery document, signing keys (ephemeral), the authorization endpoint and the token endpoint (authorization code
/// with PKCE). It has no database (OpenIddict's degraded mode), so it checks the one client's id, redirect URI and
/// secret itself; it has no login page either: its authorization endpoint signs in <see cref="User"/> at once.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "ocop-tests";
    public const string ClientSecret = "the test client's secret";

    private WebApplication? app;

    /// <summary>Who the provider says signs in next (a test sets it before sending the browser there).</summary>
    public ProviderUser User { get; set; } = new("nobody", "nobody@example.org", true, "Nobody");

    /// <summary>The provider's address (its issuer), e.g. http://127.0.0.1:40123/.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>The subjects it signed in, in order: proof that the browser went there.</summary>
    public IReadOnlyCollection<string> SignedIn => signedIn;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> signedIn = new();

    public async Task StartAsync(string redirectUri)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.EnableDegradedMode(); // no application store: the two handlers below check the client
            options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!string.Equals(context.ClientId, ClientId, StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (!string.Equals(context.RedirectUri, redirectUri, StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidRequest, "This redirect_uri is not registered for the client.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!string.Equals(context.ClientId, ClientId, StringComparison.Ordinal) ||
                    !string.Equals(context.ClientSecret, ClientSecret, StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                }

                return default;
            }));
        });

        app = builder.Build();
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var user = User;
            signedIn.Enqueue(user.Subject);
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, user.Subject));
            identity.AddClaim(new Claim(Claims.Email, user.Email));
            identity.AddClaim(new Claim(Claims.EmailVerified, user.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
            identity.AddClaim(new Claim(Claims.Name, user.Name));
            var principal = new ClaimsPrincipal(identity);
            principal.SetScopes(request.GetScopes());
            principal.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        await app.StartAsync();
        Authority = app.Urls.Single().TrimEnd('/') + "/";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

/// <summary>The person the test provider signs in: its subject, address (verified or not) and name.</summary>
public sealed record ProviderUser(string Subject, string Email, bool EmailVerified, string Name);
