using OCoP.Tests.Integration.ApiClient.Generated;
using OCoP.Tests.Integration.ApiClient.Generated.Models;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.ApiClient;

/// <summary>
/// An integrator's whole session, driven only through the client Kiota generated from the OpenAPI document: if the
/// document misdescribes a route, a body, a status code or a type, this test is where it shows. Only the world the
/// integrator arrives in (a facilitator's group and topics) is set up through the ordinary test helpers, and the
/// confirmation link is read from the real e-mail, as a person would.
/// </summary>
public sealed class IntegratorSessionTests(IntegratorSessionTests.App app) : IClassFixture<IntegratorSessionTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Discussions:PostsPerMinute"] = "100000" };
    }

    private const int TopicsBeforeArrival = 5;

    [Fact]
    public async Task An_integrator_works_through_the_generated_client_from_a_new_token_to_its_revocation()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var facilitator = await app.RegisterConfirmedAsync("Facilitator");
        var group = await facilitator.CreateForumAsync();
        for (var i = 1; i <= TopicsBeforeArrival; i++)
        {
            await facilitator.StartTopicNumberAsync(group, $"Existing topic {i}", $"Body {i}.");
        }

        // A signed-in session creates the token: register, confirm from the e-mail, sign in.
        var browser = GeneratedClients.Session(app);
        var email = Members.NewEmail("integrator");
        var registered = await browser.Api.Membership.Account.Register.PostAsync(
            new RegisterCommand { Email = email, Password = Members.Password, DisplayName = "Ivy Integrator" }, cancellationToken: cancellation);
        var (memberId, confirmation) = await Members.ConfirmationLinkAsync(app, email);
        memberId.ShouldBe(registered!.MemberId!.Value);
        await browser.Api.Membership.Account.Confirm.PostAsync(new ConfirmEmailCommand { MemberId = memberId, Token = confirmation }, cancellationToken: cancellation);
        await browser.Api.Membership.Account.SignIn.PostAsync(new SignInCommand { Email = email, Password = Members.Password }, cancellationToken: cancellation);
        var created = await browser.Api.Membership.Tokens.PostAsync(
            new AccessTokensCreate { Name = "Sync job", Scopes = ["read", "write"], ExpiresInDays = 30 }, cancellationToken: cancellation);
        created!.Token.ShouldNotBeNull().ShouldStartWith("ocop_pat_");

        // From here on the integrator only has the token.
        var api = GeneratedClients.Bearer(app, created.Token);
        (await api.Api.Membership.Members.Me.GetAsync(cancellationToken: cancellation))!.Id.ShouldBe(memberId);

        var groups = await AllPagesAsync<ViewGroupsListing>(async cursor =>
        {
            var page = await api.Api.Membership.Groups.GetAsync(q => { q.QueryParameters.Limit = 2; q.QueryParameters.Cursor = cursor; }, cancellation);
            return (page!.Items!, page.NextCursor);
        });
        groups.Select(g => g.Id).ShouldContain(group);

        var joined = await api.Api.Membership.Groups[group].Join.PostAsync(new JoiningJoin(), cancellationToken: cancellation);
        joined!.State.ShouldBe("Active");

        // The topic list, followed page by page to its end: every topic once, newest first.
        var topics = await AllPagesAsync<TopicListSummary>(async cursor =>
        {
            var page = await api.Api.Discussions.Groups[group].Topics.GetAsync(q => { q.QueryParameters.Limit = 2; q.QueryParameters.Cursor = cursor; }, cancellation);
            return (page!.Items!, page.NextCursor);
        });
        topics.Select(t => t.Number!.Value).ShouldBe(Enumerable.Range(1, TopicsBeforeArrival).Reverse());

        var forum = api.Api.Discussions.Groups[group];
        var started = await forum.Topics.PostAsync(
            new StartTopicCommand { Kind = TopicKind.Discussion, Title = "Syncing our calendar", Body = "Which feed do you use?" }, cancellationToken: cancellation);
        started!.Number.ShouldBe(TopicsBeforeArrival + 1);

        var reply = await forum.Topics[1].Posts.PostAsync(new ReplyCommand { Body = "We tried this too.", ReplyTo = 1 }, cancellationToken: cancellation);
        reply!.Number.ShouldBe(2);
        var reacted = await forum.Topics[1].Posts[1].Reactions["like"].PutAsync(cancellationToken: cancellation);
        reacted.ShouldNotBeNull();
        var page = await forum.Topics[1].GetAsync(cancellationToken: cancellation);
        page!.Posts!.Single(p => p.Number == 1).MyReactions.ShouldBe(["like"]);

        // The facilitator answers the integrator's topic: a notification reaches the integrator, who reads it.
        await facilitator.ReplyAsync(group, started.Number!.Value, "Welcome, we use the ICS feed.", replyTo: 1);
        NotificationView? notification = null;
        await Eventually.TrueAsync(async () =>
        {
            var unread = await api.Api.Engagement.Notifications.GetAsync(q => q.QueryParameters.Unread = true, cancellation);
            notification = unread!.Items!.FirstOrDefault(n => n.Title == "Syncing our calendar");
            return notification is not null;
        }, "the integrator's notification of the facilitator's reply");
        notification!.Kind.ShouldBe("repliedTo");
        (await api.Api.Engagement.Notifications.UnreadCount.GetAsync(cancellationToken: cancellation))!.Unread.ShouldBe(1);
        var read = await api.Api.Engagement.Notifications[notification.Id!.Value].Read.PostAsync(cancellationToken: cancellation);
        read!.Unread.ShouldBe(false);
        (await api.Api.Engagement.Notifications.UnreadCount.GetAsync(cancellationToken: cancellation))!.Unread.ShouldBe(0);

        // The integrator revokes the token it is using; the next call is refused as RFC 6750 says.
        await api.Api.Membership.Tokens[created.Id!.Value].DeleteAsync(cancellationToken: cancellation);
        // A public read too: a refused token is never taken for an anonymous caller.
        foreach (var call in new Func<Task>[]
        {
            () => api.Api.Discussions.Groups[group].Topics.GetAsync(cancellationToken: cancellation),
            () => api.Api.Membership.Members.Me.GetAsync(cancellationToken: cancellation),
        })
        {
            var refused = await Should.ThrowAsync<ProblemDetails>(call);
            refused.ResponseStatusCode.ShouldBe(401);
            refused.Status.ShouldBe(401);
            refused.ResponseHeaders["WWW-Authenticate"].ShouldHaveSingleItem().ShouldContain("error=\"invalid_token\"");
        }
    }

    /// <summary>Follows a list's nextCursor until it is null, and fails on a cursor that repeats (a paging loop).</summary>
    private static async Task<List<T>> AllPagesAsync<T>(Func<string?, Task<(List<T> Items, string? NextCursor)>> fetch)
    {
        var all = new List<T>();
        var seen = new HashSet<string>();
        string? cursor = null;
        do
        {
            var (items, next) = await fetch(cursor);
            all.AddRange(items);
            cursor = next;
            (cursor is null || seen.Add(cursor)).ShouldBeTrue($"the cursor {cursor} came back twice");
        }
        while (cursor is not null);

        return all;
    }
}
