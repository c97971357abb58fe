using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using OCoP.BuildingBlocks.Errors;

namespace OCoP.BuildingBlocks.Web;

/// <summary>Who is making the current request, read from the authenticated principal (cookie or access token).</summary>
public sealed class CurrentMember(IHttpContextAccessor accessor)
{
    public const string SiteAdministratorClaim = "ocop:site-admin";
    public const string ScopeClaim = "ocop:scope";

    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true && TryGetId(out _);

    /// <summary>The member's id; a 401 problem when nobody is signed in.</summary>
    public Guid Id => TryGetId(out var id) ? id : throw ProblemException.Unauthorized();

    public bool IsSiteAdministrator => Principal.HasClaim(SiteAdministratorClaim, "true");

    public string DisplayName => Principal.FindFirstValue(ClaimTypes.GivenName) ?? Principal.Identity?.Name ?? "";

    /// <summary>The member's time zone (an IANA id such as "Europe/Paris") as signed in, or null: pages then write UTC.</summary>
    public string? TimeZone => Principal.FindFirstValue(TimeZoneClaim);

    public const string TimeZoneClaim = "ocop:tz";

    private bool TryGetId(out Guid id) => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out id);
}
