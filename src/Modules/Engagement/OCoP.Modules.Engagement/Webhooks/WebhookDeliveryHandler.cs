using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Persistence;
using Wolverine;

namespace OCoP.Modules.Engagement.Webhooks;

/// <summary>
/// Sends one recorded delivery, at least once, with the lease pattern of the one e-mail path (docs/adr/0026): the
/// attempt is claimed under a row lock with a lease and committed before the receiver is called, and its outcome after.
/// A redelivered message that finds a live lease comes back when it expires, so a host killed mid-attempt leaves nothing
/// stuck. A 2xx answer succeeds; anything else (another status, a timeout, a refused address) is a failed attempt, logged
/// with the status code and the first kilobyte of the answer, tried again after the configured wait as a durable
/// scheduled message, and counted against the webhook, which is disabled after
/// <see cref="WebhookOptions.DisableAfterConsecutiveFailures"/> failures in a row. Public for Wolverine (docs/adr/0001).
/// </summary>
public static class WebhookDeliveryHandler
{
    /// <summary>The named <see cref="HttpClient"/> whose connect step checks every address (EngagementModule).</summary>
    public const string ClientName = "engagement-webhooks";

    public const string EventIdHeader = "OCoP-Event-Id";
    public const string EventTypeHeader = "OCoP-Event-Type";

    public sealed record DeliverWebhook(Guid DeliveryId);

    public static async Task<OutgoingMessages> Handle(DeliverWebhook deliver, IEngagementStore store, IHttpClientFactory clients, IConfiguration configuration,
        TimeProvider clock, ILogger<DeliverWebhook> logger, CancellationToken cancellationToken)
    {
        var options = WebhookOptions.From(configuration);
        var messages = new OutgoingMessages();
        WebhookDelivery? delivery;
        Webhook? hook;
        await using (var session = store.LightweightSession())
        {
            delivery = await RowLocks.LoadForUpdateAsync<WebhookDelivery>(session, deliver.DeliveryId, cancellationToken);
            var now = clock.GetUtcNow();
            if (delivery is null || delivery.Status is WebhookDeliveryStatus.Succeeded or WebhookDeliveryStatus.Failed)
            {
                return messages;
            }

            if (!delivery.MayAttemptAt(now))
            {
                // Another attempt holds a live lease (or this host died in one): look again when it has run out.
                messages.Schedule(deliver, delivery.LeaseUntil!.Value);
                return messages;
            }

            hook = await session.LoadAsync<Webhook>(delivery.WebhookId, cancellationToken);
            if (hook is not { Enabled: true })
            {
                delivery.Status = WebhookDeliveryStatus.Failed;
                delivery.FailureReason = hook is null ? "The webhook was deleted." : "The webhook is disabled.";
                session.Store(delivery);
                await session.SaveChangesAsync(cancellationToken);
                return messages;
            }

            delivery.Status = WebhookDeliveryStatus.Sending;
            delivery.LeaseUntil = now + options.Lease;
            delivery.AttemptCount++;
            session.Store(delivery);
            await session.SaveChangesAsync(cancellationToken);
        }

        var attempt = await AttemptAsync(clients, hook, delivery, options, clock, cancellationToken);
        if (attempt.Error is not null || attempt.StatusCode is not (>= 200 and < 300))
        {
            logger.LogWarning("Webhook {WebhookId} delivery {DeliveryId} attempt {Attempt} failed: {Status} {Error}", hook.Id, delivery.Id,
                attempt.Number, attempt.StatusCode, attempt.Error);
        }

        await using (var session = store.LightweightSession())
        {
            // The webhook first, then the delivery: every attempt locks in this order, so two never wait on each other.
            hook = await RowLocks.LoadForUpdateAsync<Webhook>(session, delivery.WebhookId, CancellationToken.None);
            delivery = await RowLocks.LoadForUpdateAsync<WebhookDelivery>(session, delivery.Id, CancellationToken.None);
            if (delivery is null)
            {
                return messages;
            }

            var now = clock.GetUtcNow();
            delivery.Attempts.Add(attempt);
            if (delivery.Attempts.Count > WebhookDelivery.MaxAttemptsKept)
            {
                delivery.Attempts.RemoveAt(0);
            }

            delivery.LeaseUntil = null;
            var succeeded = attempt.Error is null && attempt.StatusCode is >= 200 and < 300;
            if (succeeded)
            {
                delivery.Status = WebhookDeliveryStatus.Succeeded;
                delivery.DeliveredAt = now;
                delivery.NextAttemptAt = null;
                if (hook is not null)
                {
                    hook.ConsecutiveFailures = 0;
                }
            }
            else
            {
                if (hook is { Enabled: true })
                {
                    hook.ConsecutiveFailures++;
                    if (hook.ConsecutiveFailures >= options.DisableAfterConsecutiveFailures)
                    {
                        hook.Enabled = false;
                        hook.DisabledAt = now;
                        hook.DisabledReason = $"Disabled after {hook.ConsecutiveFailures} failed deliveries in a row; the last: {Describe(attempt)}.";
                    }
                }

                if (hook is not { Enabled: true })
                {
                    delivery.Status = WebhookDeliveryStatus.Failed;
                    delivery.FailureReason = hook is null ? "The webhook was deleted." : "The webhook was disabled.";
                    delivery.NextAttemptAt = null;
                }
                else if (delivery.AttemptCount >= options.MaxAttempts)
                {
                    delivery.Status = WebhookDeliveryStatus.Failed;
                    delivery.FailureReason = $"Gave up after {delivery.AttemptCount} attempts; the last: {Describe(attempt)}.";
                    delivery.NextAttemptAt = null;
                }
                else
                {
                    delivery.Status = WebhookDeliveryStatus.Pending;
                    delivery.NextAttemptAt = now + options.DelayBefore(delivery.AttemptCount + 1);
                    messages.Schedule(new DeliverWebhook(delivery.Id), delivery.NextAttemptAt.Value);
                }
            }

            if (hook is not null)
            {
                session.Store(hook);
            }

            session.Store(delivery);
            await session.SaveChangesAsync(CancellationToken.None);
        }

        return messages;
    }

    private static async Task<WebhookAttempt> AttemptAsync(IHttpClientFactory clients, Webhook hook, WebhookDelivery delivery, WebhookOptions options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(hook.Secret, started, delivery.Body));
            request.Headers.TryAddWithoutValidation(EventIdHeader, delivery.EventId.ToString());
            request.Headers.TryAddWithoutValidation(EventTypeHeader, delivery.EventType);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("OCoP-Webhooks", "1"));
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var text = await ReadStartAsync(response, timeout.Token);
            return new WebhookAttempt(delivery.AttemptCount, started, (int)response.StatusCode, text, null, (int)watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(delivery.AttemptCount, started, null, null,
                $"No answer within {options.Timeout.TotalSeconds:0.###} s.", (int)watch.ElapsedMilliseconds);
        }
        catch (HttpRequestException exception)
        {
            var refused = exception.InnerException as WebhookAddressRefusedException ?? exception.InnerException?.InnerException as WebhookAddressRefusedException;
            return new WebhookAttempt(delivery.AttemptCount, started, null, null,
                refused is not null ? $"Refused: {refused.Message}" : $"Could not connect: {exception.Message}", (int)watch.ElapsedMilliseconds);
        }
    }

    /// <summary>The first kilobyte of the answer, as text: enough to see what the receiver said, never its whole page.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookDelivery.MaxResponseLength];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var count and > 0)
        {
            read += count;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Describe(WebhookAttempt attempt) => attempt.Error ?? $"HTTP {attempt.StatusCode}";
}
