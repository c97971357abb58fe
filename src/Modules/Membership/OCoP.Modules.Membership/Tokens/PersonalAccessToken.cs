using System.Security.Cryptography;
using System.Text;

namespace OCoP.Modules.Membership.Tokens;

/// <summary>
/// A personal access token for integrators. Only a SHA-256 hash is stored: the token itself is shown once, at creation.
/// A hash without salt is enough here because the token is 256 random bits, not a password.
/// </summary>
internal sealed class PersonalAccessToken
{
    public const string Prefix = "ocop_pat_";

    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public string Name { get; set; } = "";
    public List<string> Scopes { get; set; } = [];
    public string TokenHash { get; set; } = "";
    /// <summary>The first characters of the token, so a member can tell their tokens apart.</summary>
    public string Hint { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public static string NewSecret() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
