using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// The authorization policy of every member endpoint: signed in (cookie or personal access token), and a token may
/// only do what its scopes allow: <c>read</c> for safe methods, <c>write</c> for everything else.
/// </summary>
public static class MemberPolicy
{
    public const string Name = "member";
    public const string TokenAuthenticationType = "PersonalAccessToken";
    public const string ReadScope = "read";
    public const string WriteScope = "write";
    public static readonly string[] Scopes = [ReadScope, WriteScope];

    public static AuthorizationPolicy Build() => new AuthorizationPolicyBuilder()
        .RequireAuthenticatedUser()
        .AddRequirements(new TokenScopeRequirement())
        .Build();
}

internal sealed class TokenScopeRequirement : IAuthorizationRequirement;

internal sealed class TokenScopeHandler(IHttpContextAccessor accessor) : AuthorizationHandler<TokenScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TokenScopeRequirement requirement)
    {
        if (context.User.Identity?.AuthenticationType != MemberPolicy.TokenAuthenticationType)
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var method = accessor.HttpContext?.Request.Method ?? HttpMethods.Get;
        var needed = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? MemberPolicy.ReadScope : MemberPolicy.WriteScope;
        // write implies read
        if (context.User.HasClaim(CurrentMember.ScopeClaim, needed) || context.User.HasClaim(CurrentMember.ScopeClaim, MemberPolicy.WriteScope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
