using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OCoP.Modules.Engagement.Webhooks;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// Outbound webhooks delivered to a real HTTP receiver on loopback (allowed here by the administrator setting): signed
/// payloads, retries, the timeout, disabling after consecutive failures, who may register, and secret groups
/// (docs/webhooks.md).
/// </summary>
public sealed class WebhookTests(WebhookTests.App app) : IClassFixture<WebhookTests.App>
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public sealed class App : OCoPApp
    {
        public const string AdministratorEmail = "webhook-admin@example.org";
        private readonly SemaphoreSlim gate = new(1, 1);
        private TestMember? administrator;
        private WebhookReceiver? receiver;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:SiteAdministrators:0"] = AdministratorEmail,
            ["Engagement:Webhooks:AllowPrivateNetworks"] = "true",
            ["Engagement:Webhooks:TimeoutSeconds"] = "1",
            ["Engagement:Webhooks:RetryDelaysSeconds:0"] = "0.5",
            ["Engagement:Webhooks:RetryDelaysSeconds:1"] = "0.5",
            ["Engagement:Webhooks:RetryDelaysSeconds:2"] = "0.5",
            ["Engagement:Webhooks:DisableAfterConsecutiveFailures"] = "3",
        };

        public async Task<WebhookReceiver> ReceiverAsync()
        {
            await gate.WaitAsync();
            try
            {
                return receiver ??= await WebhookReceiver.StartAsync();
            }
            finally
            {
                gate.Release();
            }
        }

        public async Task<TestMember> AdministratorAsync()
        {
            await gate.WaitAsync();
            try
            {
                if (administrator is null)
                {
                    var session = CreateSession();
                    var registered = await (await session.PostAsJsonAsync("/api/membership/account/register",
                        new { email = AdministratorEmail, password = Members.Password, displayName = "Hook Admin" })).RegisteredIdAsync();
                    var (memberId, token) = await Members.ConfirmationLinkAsync(this, AdministratorEmail, registered);
                    await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token });
                    (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = AdministratorEmail, password = Members.Password }))
                        .EnsureSuccessStatusCode();
                    administrator = new TestMember(memberId, AdministratorEmail, Members.Password, "Hook Admin", session);
                }

                return administrator;
            }
            finally
            {
                gate.Release();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (receiver is not null)
            {
                await CleanUpAsync("stop the webhook receiver", () => receiver.DisposeAsync().AsTask());
            }

            await base.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_groups_event_reaches_its_sponsors_webhook_signed_with_the_secret_in_the_documented_payload()
    {
        var receiver = await app.ReceiverAsync();
        var sponsor = await app.RegisterConfirmedAsync("Hook Sponsor");
        var group = await sponsor.CreateForumAsync();
        var url = receiver.Endpoint(_ => 200);
        var (hook, secret) = await sponsor.WebhookAsync(group, url, "discussions.topic-created");
        secret.ShouldStartWith("whsec_");

        var topic = await sponsor.StartTopicNumberAsync(group, "Webhooks carry this title");

        var delivery = await sponsor.SettledDeliveryAsync(hook);
        delivery.GetProperty("status").GetString().ShouldBe("Succeeded");
        delivery.GetProperty("eventType").GetString().ShouldBe("discussions.topic-created");
        var attempt = delivery.GetProperty("attempts").EnumerateArray().ShouldHaveSingleItem();
        attempt.GetProperty("statusCode").GetInt32().ShouldBe(200);
        attempt.GetProperty("response").GetString().ShouldBe("thanks");

        var got = receiver.ReceivedAt(new Uri(url).AbsolutePath).ShouldHaveSingleItem();
        WebhookSignature.Verify(secret, got.Signature!, got.Body, DateTimeOffset.UtcNow, Tolerance).ShouldBeTrue(got.Signature);
        var payload = JsonDocument.Parse(got.Body).RootElement;
        payload.GetProperty("type").GetString().ShouldBe("discussions.topic-created");
        payload.GetProperty("version").GetInt32().ShouldBe(1);
        payload.GetProperty("id").GetGuid().ShouldBe(delivery.GetProperty("eventId").GetGuid());
        got.EventId.ShouldBe(payload.GetProperty("id").GetGuid().ToString());
        got.EventType.ShouldBe("discussions.topic-created");
        payload.GetProperty("occurredAt").GetDateTimeOffset().ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var data = payload.GetProperty("data");
        data.GetProperty("groupId").GetGuid().ShouldBe(group);
        data.GetProperty("topicNumber").GetInt32().ShouldBe(topic);
        data.GetProperty("title").GetString().ShouldBe("Webhooks carry this title");
        data.GetProperty("kind").GetString().ShouldBe("Discussion");

        (await sponsor.WebhookViewAsync(hook)).GetProperty("secret").ValueKind.ShouldBe(JsonValueKind.Null, "the secret is shown once, at creation");
    }

    [Fact]
    public async Task A_receiver_answering_500_is_retried_and_the_webhook_is_disabled_after_three_failures_in_a_row()
    {
        var receiver = await app.ReceiverAsync();
        var admin = await app.AdministratorAsync();
        var url = receiver.Endpoint(_ => 500);
        var (hook, secret) = await admin.WebhookAsync(null, url, "events.event-cancelled");

        (await admin.SendTestEventAsync(hook)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var delivery = await admin.SettledDeliveryAsync(hook);
        delivery.GetProperty("status").GetString().ShouldBe("Failed");
        delivery.GetProperty("attemptCount").GetInt32().ShouldBe(3);
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        attempts.Select(a => a.GetProperty("statusCode").GetInt32()).ShouldAllBe(code => code == 500);
        attempts.ShouldAllBe(a => a.GetProperty("response").GetString()!.StartsWith("boom") && a.GetProperty("response").GetString()!.Length <= 1024);
        var view = await admin.WebhookViewAsync(hook);
        view.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        view.GetProperty("disabledReason").GetString()!.ShouldContain("3 failed deliveries in a row");

        var got = receiver.ReceivedAt(new Uri(url).AbsolutePath);
        got.Count.ShouldBe(3);
        got.Select(g => g.EventId).Distinct().ShouldHaveSingleItem("every attempt carries the same event");
        got.ShouldAllBe(g => WebhookSignature.Verify(secret, g.Signature!, g.Body, DateTimeOffset.UtcNow, Tolerance));
        JsonDocument.Parse(got[0].Body).RootElement.GetProperty("type").GetString().ShouldBe("webhook.test");

        (await admin.SendTestEventAsync(hook)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.Session.PutAsJsonAsync($"{WebhooksApi.Root}/{hook}", new { url, eventKinds = new[] { "events.event-cancelled" }, enabled = true }))
            .EnsureSuccessStatusCode();
        var enabled = await admin.WebhookViewAsync(hook);
        enabled.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        enabled.GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task A_receiver_that_fails_once_gets_the_same_event_again_and_the_delivery_succeeds()
    {
        var receiver = await app.ReceiverAsync();
        var sponsor = await app.RegisterConfirmedAsync("Retry Sponsor");
        var group = await sponsor.CreateGroupAsync("Retry Group");
        var url = receiver.Endpoint(attempt => attempt == 1 ? 503 : 204);
        var (hook, secret) = await sponsor.WebhookAsync(group, url, "events.event-cancelled");

        (await sponsor.SendTestEventAsync(hook)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var delivery = await sponsor.SettledDeliveryAsync(hook);
        delivery.GetProperty("status").GetString().ShouldBe("Succeeded");
        delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).ShouldBe([503, 204]);
        var got = receiver.ReceivedAt(new Uri(url).AbsolutePath);
        got.Count.ShouldBe(2);
        got[0].Body.ShouldBe(got[1].Body);
        got.ShouldAllBe(g => WebhookSignature.Verify(secret, g.Signature!, g.Body, DateTimeOffset.UtcNow, Tolerance));
        (await sponsor.WebhookViewAsync(hook)).GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task A_receiver_that_hangs_times_out_and_the_next_attempt_delivers()
    {
        var receiver = await app.ReceiverAsync();
        var sponsor = await app.RegisterConfirmedAsync("Hang Sponsor");
        var group = await sponsor.CreateGroupAsync("Hang Group");
        var url = receiver.Endpoint(attempt => attempt == 1 ? null : 200);
        var (hook, _) = await sponsor.WebhookAsync(group, url, "events.event-cancelled");

        (await sponsor.SendTestEventAsync(hook)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var delivery = await sponsor.SettledDeliveryAsync(hook);
        delivery.GetProperty("status").GetString().ShouldBe("Succeeded");
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        attempts.Count.ShouldBe(2);
        attempts[0].GetProperty("statusCode").ValueKind.ShouldBe(JsonValueKind.Null);
        attempts[0].GetProperty("error").GetString()!.ShouldContain("No answer within 1 s");
        attempts[1].GetProperty("statusCode").GetInt32().ShouldBe(200);
    }

    public enum As { Anonymous, NonMember, Contributor, Facilitator, Sponsor, SiteAdministrator }

    [Theory]
    [InlineData(As.Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(As.NonMember, HttpStatusCode.Forbidden)]
    [InlineData(As.Contributor, HttpStatusCode.Forbidden)]
    [InlineData(As.Facilitator, HttpStatusCode.Forbidden)]
    [InlineData(As.Sponsor, HttpStatusCode.Created)]
    [InlineData(As.SiteAdministrator, HttpStatusCode.Created)]
    public async Task Registering_and_reading_a_groups_webhooks_follows_the_group_access_rule(As role, HttpStatusCode expected)
    {
        var receiver = await app.ReceiverAsync();
        var sponsor = await app.RegisterConfirmedAsync("Owner");
        var group = await sponsor.CreateGroupAsync("Hook Rules");
        var (existing, _) = await sponsor.WebhookAsync(group, receiver.Endpoint(_ => 200), "discussions.post-created");
        var actor = await ActorAsync(role, sponsor, group);

        var registered = await actor.RegisterWebhookAsync(group, receiver.Endpoint(_ => 200), "discussions.post-created");
        registered.StatusCode.ShouldBe(expected, await registered.Content.ReadAsStringAsync());

        // Reading or testing a webhook one may not manage answers as for one that does not exist; anonymous is 401.
        var read = await actor.Session.GetAsync($"{WebhooksApi.Root}/{existing}");
        var test = await actor.Session.PostAsync($"{WebhooksApi.Root}/{existing}/test", null);
        var list = await actor.Session.GetAsync($"/api/engagement/groups/{group}/webhooks");
        var mayManage = expected == HttpStatusCode.Created;
        read.StatusCode.ShouldBe(mayManage ? HttpStatusCode.OK : role == As.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound);
        test.StatusCode.ShouldBe(mayManage ? HttpStatusCode.Accepted : role == As.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound);
        list.StatusCode.ShouldBe(mayManage ? HttpStatusCode.OK : expected);
        var siteWide = await actor.RegisterWebhookAsync(null, receiver.Endpoint(_ => 200), "discussions.post-created");
        siteWide.StatusCode.ShouldBe(role switch
        {
            As.Anonymous => HttpStatusCode.Unauthorized,
            As.SiteAdministrator => HttpStatusCode.Created,
            _ => HttpStatusCode.Forbidden,
        });
    }

    [Fact]
    public async Task A_secret_groups_events_reach_only_webhooks_its_sponsors_registered()
    {
        var receiver = await app.ReceiverAsync();
        var admin = await app.AdministratorAsync();
        var sponsor = await app.RegisterConfirmedAsync("Secret Sponsor");
        var group = await sponsor.CreateForumAsync(visibility: "Secret", joinPolicy: "ByInvitation");
        var (sponsors, _) = await sponsor.WebhookAsync(group, receiver.Endpoint(_ => 200), "discussions.topic-created");
        var (administratorsOfGroup, _) = await admin.WebhookAsync(group, receiver.Endpoint(_ => 200), "discussions.topic-created");
        var (siteWide, _) = await admin.WebhookAsync(null, receiver.Endpoint(_ => 200), "discussions.topic-created");
        var outsider = await app.RegisterConfirmedAsync("Outsider");
        (await outsider.RegisterWebhookAsync(group, receiver.Endpoint(_ => 200), "discussions.topic-created")).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "a secret group does not exist for a non-member");

        await sponsor.StartTopicNumberAsync(group, "Only for the circle");

        var delivered = await sponsor.SettledDeliveryAsync(sponsors);
        delivered.GetProperty("status").GetString().ShouldBe("Succeeded");
        // One handler run records the deliveries of every webhook for an event, in one transaction: the others' are final.
        var eventId = delivered.GetProperty("eventId").GetGuid();
        (await admin.DeliveriesAsync(administratorsOfGroup)).ShouldBeEmpty();
        (await admin.DeliveriesAsync(siteWide)).ShouldNotContain(d => d.GetProperty("eventId").GetGuid() == eventId);
    }

    private async Task<TestMember> ActorAsync(As role, TestMember sponsor, Guid group)
    {
        switch (role)
        {
            case As.Anonymous:
                return new TestMember(Guid.Empty, "", "", "Anonymous", app.CreateSession());
            case As.SiteAdministrator:
                return await app.AdministratorAsync();
        }

        var actor = await app.RegisterConfirmedAsync(role.ToString());
        if (role != As.NonMember)
        {
            (await actor.JoinAsync(group)).EnsureSuccessStatusCode();
            if (role != As.Contributor)
            {
                (await sponsor.SetRolesAsync(group, actor.Id, role.ToString())).EnsureSuccessStatusCode();
            }
        }

        return actor;
    }
}
