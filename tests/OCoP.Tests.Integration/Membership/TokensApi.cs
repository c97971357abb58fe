using System.Net.Http.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

/// <summary>Personal access tokens and the member's own profile, as tests use them.</summary>
internal static class TokensApi
{
    public const string Tokens = "/api/tokens";
    public const string Me = "/api/members/me";

    public static string Token(Guid id) => $"{Tokens}/{id}";

    public static async Task<(Guid Id, string Token)> CreateTokenAsync(this TestMember member, string[] scopes, int days = 30, string name = "test")
    {
        var created = await (await member.Session.PostAsJsonAsync(Tokens, new { name, scopes, expiresInDays = days })).JsonAsync();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("token").GetString()!);
    }

    public static Task<HttpResponseMessage> RevokeTokenAsync(this TestMember member, Guid id) => member.Session.DeleteAsync(Token(id));
}
