using System.Net;
using System.Security.Cryptography;
using System.Text;
using OCoP.Modules.Engagement.Webhooks;

namespace OCoP.Modules.Tests.Engagement;

/// <summary>The pure rules of outbound webhooks: which addresses are internal, how a delivery is signed and checked.</summary>
public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Loopback_private_link_local_and_special_addresses_are_internal(string address) =>
        WebhookAddresses.IsInternal(IPAddress.Parse(address)).ShouldBeTrue();

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_are_not_internal(string address) =>
        WebhookAddresses.IsInternal(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("ftp://example.org/hook")]
    [InlineData("/relative/hook")]
    [InlineData("https://user:secret@example.org/hook")]
    [InlineData("https://example.org/hook#part")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.1.2.3/hook")]
    public async Task Urls_that_are_not_public_http_are_refused(string url) =>
        (await WebhookAddresses.ProblemAsync(url, allowPrivateNetworks: false, TestContext.Current.CancellationToken)).ShouldNotBeNull();

    [Fact]
    public async Task A_public_address_is_accepted_and_an_administrator_setting_allows_loopback()
    {
        (await WebhookAddresses.ProblemAsync("https://93.184.216.34/hook", false, TestContext.Current.CancellationToken)).ShouldBeNull();
        (await WebhookAddresses.ProblemAsync("http://127.0.0.1:8080/hook", true, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public void The_signature_is_the_hmac_of_timestamp_dot_body_and_checks_within_the_tolerance()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        const string body = "{\"type\":\"webhook.test\"}";
        var header = WebhookSignature.Sign("whsec_abc", at, body);

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_abc"), Encoding.UTF8.GetBytes("1800000000." + body)));
        header.ShouldBe($"t=1800000000,v1={expected}");
        WebhookSignature.Verify("whsec_abc", header, body, at.AddMinutes(4), TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookSignature.Verify("whsec_abc", header, body, at.AddMinutes(6), TimeSpan.FromMinutes(5)).ShouldBeFalse("a replay after the tolerance");
        WebhookSignature.Verify("whsec_other", header, body, at, TimeSpan.FromMinutes(5)).ShouldBeFalse("another secret");
        WebhookSignature.Verify("whsec_abc", header, body + " ", at, TimeSpan.FromMinutes(5)).ShouldBeFalse("a changed body");
    }

    [Fact]
    public void A_delivery_id_is_the_same_for_the_same_webhook_and_event_and_differs_otherwise()
    {
        var (hook, @event) = (Guid.NewGuid(), Guid.NewGuid());
        WebhookDelivery.IdFor(hook, @event).ShouldBe(WebhookDelivery.IdFor(hook, @event));
        WebhookDelivery.IdFor(hook, @event).ShouldNotBe(WebhookDelivery.IdFor(Guid.NewGuid(), @event));
    }

    [Fact]
    public void Retries_wait_the_configured_delays_and_stop_after_one_attempt_more_than_there_are_delays()
    {
        var options = new WebhookOptions { RetryDelaysSeconds = [1, 5] };
        options.MaxAttempts.ShouldBe(3);
        options.DelayBefore(2).ShouldBe(TimeSpan.FromSeconds(1));
        options.DelayBefore(3).ShouldBe(TimeSpan.FromSeconds(5));
    }
}
