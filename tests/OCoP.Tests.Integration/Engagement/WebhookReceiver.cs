using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>One request a receiver got: what an integrator's endpoint sees.</summary>
public sealed record ReceivedWebhook(string Path, string Body, string? Signature, string? EventId, string? EventType, DateTimeOffset At);

/// <summary>
/// A real HTTP receiver on loopback (a small Kestrel app), with one behaviour per path: answer a status code chosen per
/// attempt, or hang until the caller gives up. Records every request it got.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<int, int?>> behaviours = new();
    private readonly ConcurrentDictionary<string, int> counts = new();
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> ReceivedAt(string path) => received.Where(r => r.Path == path).ToList();

    /// <summary>A fresh path whose n-th request (from 1) is answered with <paramref name="status"/>(n); null hangs.</summary>
    public string Endpoint(Func<int, int?> status)
    {
        var path = $"/hooks/{Guid.NewGuid():N}";
        behaviours[path] = status;
        return BaseUrl + path;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var webApp = builder.Build();
        var receiver = new WebhookReceiver(webApp);
        webApp.MapPost("/hooks/{id}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var path = context.Request.Path.Value!;
            receiver.received.Enqueue(new ReceivedWebhook(path, body, context.Request.Headers["OCoP-Signature"].FirstOrDefault(),
                context.Request.Headers["OCoP-Event-Id"].FirstOrDefault(), context.Request.Headers["OCoP-Event-Type"].FirstOrDefault(), DateTimeOffset.UtcNow));
            var attempt = receiver.counts.AddOrUpdate(path, 1, (_, n) => n + 1);
            var status = receiver.behaviours.TryGetValue(path, out var behaviour) ? behaviour(attempt) : 404;
            if (status is null)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted); // hangs until the sender gives up
            }

            context.Response.StatusCode = status ?? 200;
            await context.Response.WriteAsync(status is >= 200 and < 300 ? "thanks" : $"boom {new string('x', 3000)}", context.RequestAborted);
        });
        await webApp.StartAsync();
        receiver.BaseUrl = webApp.Urls.First().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
