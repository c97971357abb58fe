using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// Two hosts on one database, as behind the cluster's proxy: the data protection key ring lives in PostgreSQL, so a
/// sign-in cookie issued by one host is read by the other (docs/adr/0040-several-hosts.md).
/// </summary>
public sealed class SharedKeysTests
{
    private sealed class Node(string? database) : OCoPApp
    {
        protected override string? SharedDatabase => database;
    }

    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_host_is_accepted_by_another_host_on_the_same_database()
    {
        await using var first = new Node(null);
        await first.InitializeAsync();
        var member = await first.RegisterConfirmedAsync("Two Hosts");
        await using var second = new Node(first.ConnectionString);
        await second.InitializeAsync();

        var signIn = first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        signIn.DefaultRequestHeaders.TryAddWithoutValidation("Origin", signIn.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var signedIn = await signIn.PostAsJsonAsync("/api/membership/account/sign-in", new { email = member.Email, password = member.Password },
            TestContext.Current.CancellationToken);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("ocop.session=", StringComparison.Ordinal));

        var other = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/membership/members/me");
        request.Headers.Add("Cookie", cookie);
        var me = await (await other.SendAsync(request, TestContext.Current.CancellationToken)).JsonAsync();
        me.GetProperty("id").GetGuid().ShouldBe(member.Id);

        await using var connection = new NpgsqlConnection(first.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM host.data_protection_keys", connection);
        ((long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBeGreaterThanOrEqualTo(1);
    }
}
