using System.Net;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

/// <summary>RFC 6750: a bearer token that is not valid is a 401 with an <c>invalid_token</c> challenge on every path.</summary>
public sealed class TokenChallengeTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_revoked_token_is_refused_with_invalid_token_even_on_a_public_read()
    {
        var member = await app.RegisterConfirmedAsync("Revoker");
        var forum = await member.CreateForumAsync();
        var (id, token) = await member.CreateTokenAsync(["read", "write"]);
        var bearer = app.CreateClient().WithBearer(token);
        (await bearer.GetAsync(DiscussionsApi.Forum(forum))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateClient().GetAsync(DiscussionsApi.Forum(forum))).StatusCode.ShouldBe(HttpStatusCode.OK, "the forum is public");

        (await member.RevokeTokenAsync(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await ShouldBeInvalidTokenAsync(await bearer.GetAsync(DiscussionsApi.Forum(forum)));
        await ShouldBeInvalidTokenAsync(await bearer.GetAsync(TokensApi.Me));
        await ShouldBeInvalidTokenAsync(await bearer.PostAsync(DiscussionsApi.Forum(forum) + "/topics", null));
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_invalid_token_even_on_a_public_read()
    {
        var member = await app.RegisterConfirmedAsync("Expirer");
        var forum = await member.CreateForumAsync();
        var (_, token) = await member.CreateTokenAsync(["read"], days: 1);
        var bearer = app.CreateClient().WithBearer(token);
        (await bearer.GetAsync(DiscussionsApi.Forum(forum))).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            app.Clock.Advance(TimeSpan.FromDays(2));
            await ShouldBeInvalidTokenAsync(await bearer.GetAsync(DiscussionsApi.Forum(forum)));
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromDays(2));
        }
    }

    [Theory]
    [InlineData("ocop_pat_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("not-one-of-ours")]
    public async Task An_unknown_token_is_refused_with_invalid_token_even_on_a_public_read(string token)
    {
        var member = await app.RegisterConfirmedAsync("Host");
        var forum = await member.CreateForumAsync();
        await ShouldBeInvalidTokenAsync(await app.CreateClient().WithBearer(token).GetAsync(DiscussionsApi.Forum(forum)));
    }

    [Fact]
    public async Task Every_401_says_how_to_authenticate()
    {
        // No credentials on a member endpoint (the authorization policy's challenge).
        await ShouldBeChallengedWithoutErrorAsync(await app.CreateClient().GetAsync(TokensApi.Me));

        // No credentials where the handler itself decides that a sign-in is needed (a members-only forum).
        var member = await app.RegisterConfirmedAsync("Facilitator");
        var forum = await member.CreateForumAsync(visibility: "MembersOnly");
        // The forum learns of the new group by a message: until then the group is unknown there (404), not members-only.
        await Eventually.TrueAsync(async () => (await member.Session.GetAsync(DiscussionsApi.Forum(forum))).IsSuccessStatusCode,
            "the forum to know the new group", TimeSpan.FromMinutes(1));
        await ShouldBeChallengedWithoutErrorAsync(await app.CreateClient().GetAsync(DiscussionsApi.Forum(forum)));
    }

    [Fact]
    public async Task A_signed_out_browser_is_still_sent_to_the_sign_in_page()
    {
        var response = await app.CreateSession().GetAsync("/account/tokens");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/sign-in");
    }

    private static async Task ShouldBeInvalidTokenAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(401);
        var challenge = response.Headers.WwwAuthenticate.ShouldHaveSingleItem();
        challenge.Scheme.ShouldBe("Bearer");
        challenge.Parameter.ShouldNotBeNull().ShouldContain("error=\"invalid_token\"");
        challenge.Parameter.ShouldContain("realm=\"OCoP\"");
        problem.GetProperty("title").GetString().ShouldBe("Invalid token");
    }

    private static async Task ShouldBeChallengedWithoutErrorAsync(HttpResponseMessage response)
    {
        await response.ProblemAsync(401);
        var challenge = response.Headers.WwwAuthenticate.ShouldHaveSingleItem();
        challenge.Scheme.ShouldBe("Bearer");
        challenge.Parameter.ShouldBe("realm=\"OCoP\"");
    }
}
