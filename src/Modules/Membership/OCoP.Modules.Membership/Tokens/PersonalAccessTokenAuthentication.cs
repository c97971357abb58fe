using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Members;

namespace OCoP.Modules.Membership.Tokens;

/// <summary>
/// Accepts <c>Authorization: Bearer ocop_pat_...</c> on every API endpoint. An unknown, revoked or expired token is a
/// 401 with an RFC 6750 <c>invalid_token</c> challenge (see <see cref="BearerChallenges"/>), never anonymous access.
/// </summary>
internal sealed class PersonalAccessTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IMembershipStore store,
    SiteAdministrators administrators,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(PersonalAccessToken.Prefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return AuthenticateResult.Fail("Not a personal access token.");
        }

        var hash = PersonalAccessToken.Hash(secret);
        await using var session = store.QuerySession();
        var token = await session.Query<PersonalAccessToken>().FirstOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        if (token is null || !token.IsActive(clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");
        }

        var member = await session.LoadAsync<Member>(token.MemberId, Context.RequestAborted);
        if (member is not { IsDeleted: false })
        {
            return AuthenticateResult.Fail("The token's member no longer exists.");
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, member.Id.ToString()), new(ClaimTypes.Name, member.Email) };
        claims.AddRange(MemberClaimsFactory.ClaimsFor(member, administrators));
        claims.AddRange(token.Scopes.Select(s => new Claim(CurrentMember.ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, MemberPolicy.TokenAuthenticationType));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (result.Failure is { } failure)
        {
            Response.Headers.WWWAuthenticate = BearerChallenges.InvalidToken(failure.Message);
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid token", detail: failure.Message).ExecuteAsync(Context);
            return;
        }

        Response.Headers.WWWAuthenticate = BearerChallenges.DefaultChallenge;
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required",
            detail: "Sign in or send a personal access token.").ExecuteAsync(Context);
    }
}
