using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Webhooks;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// With the default settings a webhook may only call public addresses: loopback, private and link-local URLs are refused
/// when registered (a field error on <c>url</c>), and a webhook whose name has come to resolve to such an address since it
/// was registered (DNS rebinding) is refused at delivery, on the address it would connect to.
/// </summary>
public sealed class WebhookAddressTests(WebhookAddressTests.App app) : IClassFixture<WebhookAddressTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Engagement:Webhooks:TimeoutSeconds"] = "2",
            ["Engagement:Webhooks:RetryDelaysSeconds:0"] = "0.5",
        };
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.0.0.8/hook")]
    [InlineData("http://192.168.1.20/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("ftp://example.org/hook")]
    [InlineData("not a url")]
    [InlineData("https://user:password@example.org/hook")]
    public async Task A_url_that_is_not_a_public_http_address_is_refused_and_nothing_is_registered(string url)
    {
        var sponsor = await app.RegisterConfirmedAsync("Address Sponsor");
        var group = await sponsor.CreateGroupAsync("Address Group");

        var problem = await (await sponsor.RegisterWebhookAsync(group, url, "discussions.topic-created")).ProblemAsync(400);

        problem.ErrorFields().ShouldBe(["url"]);
        var list = await (await sponsor.Session.GetAsync($"/api/engagement/groups/{group}/webhooks")).JsonAsync();
        list.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_event_kind_is_a_field_error()
    {
        var sponsor = await app.RegisterConfirmedAsync("Kind Sponsor");
        var group = await sponsor.CreateGroupAsync("Kind Group");

        var problem = await (await sponsor.RegisterWebhookAsync(group, "https://93.184.216.34/hook", "discussions.everything")).ProblemAsync(400);

        problem.ErrorFields().ShouldBe(["eventKinds"]);
    }

    [Fact]
    public async Task A_webhook_whose_address_turned_internal_is_refused_at_delivery_and_the_receiver_gets_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var sponsor = await app.RegisterConfirmedAsync("Rebinding Sponsor");
        var group = await sponsor.CreateGroupAsync("Rebinding Group");
        var (hook, _) = await sponsor.WebhookAsync(group, "https://93.184.216.34/hook", "events.event-cancelled");
        var url = receiver.Endpoint(_ => 200);

        // What a DNS answer that changed after registration amounts to: the same webhook now reaching a loopback address.
        var store = app.Services.GetRequiredService<IEngagementStore>();
        await using (var session = store.LightweightSession())
        {
            var webhook = (await session.LoadAsync<Webhook>(hook, TestContext.Current.CancellationToken))!;
            webhook.Url = url;
            session.Store(webhook);
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        (await sponsor.SendTestEventAsync(hook)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var delivery = await sponsor.SettledDeliveryAsync(hook);
        delivery.GetProperty("status").GetString().ShouldBe("Failed");
        delivery.GetProperty("attempts").EnumerateArray().ShouldAllBe(a => a.GetProperty("error").GetString()!.StartsWith("Refused: 127.0.0.1 resolves to 127.0.0.1"));
        receiver.ReceivedAt(new Uri(url).AbsolutePath).ShouldBeEmpty();
    }
}
