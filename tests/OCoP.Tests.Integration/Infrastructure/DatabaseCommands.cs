using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace OCoP.Tests.Integration.Infrastructure;

/// <summary>
/// Counts the PostgreSQL commands one HTTP request costs: the request carries its own trace id (a <c>traceparent</c>
/// header), and every Npgsql command activity in this test process is tallied by trace id. Used to show that a page
/// costs a constant number of queries, whatever its size.
/// </summary>
internal static class DatabaseCommands
{
    private static readonly ConcurrentDictionary<ActivityTraceId, int> PerTrace = new();
    private static readonly Lazy<ActivityListener> Listener = new(() =>
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == "Npgsql")
                {
                    PerTrace.AddOrUpdate(activity.TraceId, 1, (_, count) => count + 1);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    });

    /// <summary>GETs the URL and returns how many commands it sent to PostgreSQL, with the response's JSON body.</summary>
    public static async Task<(int Commands, HttpResponseMessage Response, JsonElement Body)> CountGetAsync(HttpClient client, string url)
    {
        var (commands, response) = await CountAsync(client, url);
        var body = await response.JsonAsync();
        return (commands, response, body);
    }

    /// <summary>The same for a response that is not JSON (an iCalendar feed): its body as text.</summary>
    public static async Task<(int Commands, HttpResponseMessage Response, string Body)> CountGetTextAsync(HttpClient client, string url)
    {
        var (commands, response) = await CountAsync(client, url);
        return (commands, response, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<(int Commands, HttpResponseMessage Response)> CountAsync(HttpClient client, string url)
    {
        _ = Listener.Value;
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return (PerTrace.GetValueOrDefault(traceId), response);
    }
}
