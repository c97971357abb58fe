using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

/// <summary>Personal access tokens, the member's own profile and the URLs of other Membership reads, as tests use them.</summary>
internal static class TokensApi
{
    public const string Tokens = "/api/membership/tokens";
    public const string Me = "/api/membership/members/me";

    public const string SignIn = "/api/membership/account/sign-in";

    public static string Group(Guid id) => $"/api/membership/groups/{id}";

    public static string Member(Guid id) => $"/api/membership/members/{id}";

    public static string Token(Guid id) => $"{Tokens}/{id}";

    public static async Task<(Guid Id, string Token)> CreateTokenAsync(this TestMember member, string[] scopes, int days = 30, string name = "test")
    {
        var created = await (await member.Session.PostAsJsonAsync(Tokens, new { name, scopes, expiresInDays = days })).JsonAsync();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("token").GetString()!);
    }

    public static Task<HttpResponseMessage> RevokeTokenAsync(this TestMember member, Guid id) => member.Session.DeleteAsync(Token(id));
}
