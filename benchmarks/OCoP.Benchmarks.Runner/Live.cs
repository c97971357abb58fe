using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace OCoP.Benchmarks.Runner;

/// <summary>
/// The live scenarios (docs/adr/0073-live-benchmarks.md), over SignalR's .NET client with WebSockets, each connection
/// signed in by a generated member's personal access token and joined to a chat channel of the fan-out group as the chat
/// page does (<c>JoinChannel(groupId, channelId)</c>):
/// <list type="bullet">
/// <item>Connections held: the host's RSS before opening them and with all of them open.</item>
/// <item>Chat fan-out: one message sent over the HTTP API; the clock runs from the send until each member's connection
/// receives the <c>message</c> event.</item>
/// </list>
/// </summary>
internal static class Live
{
    /// <summary>About this many distinct members share a channel in the connections scenario (presence lists stay short).</summary>
    private const int MembersPerChannel = 20;

    /// <summary>A group has at most 50 channels (general and 49 topic channels).</summary>
    private const int MaxChannels = 50;

    private const int Concurrency = 32;

    /// <summary><paramref name="Failed"/>: connections that did not open or join, or were no longer connected when the RSS was read.</summary>
    public sealed record Held(int Connections, int Members, int Channels, double IdleRssMb, double HeldRssMb, double OpenSeconds, int Failed,
        string? FirstFailure)
    {
        public double AboveIdleMb => HeldRssMb - IdleRssMb;
    }

    public sealed record Fanned(int Receivers, int Messages, double[] SortedLatenciesMs, double[] SortedLastMs, long Missed, double JoinSeconds,
        int Failed, string? FirstFailure);

    /// <summary>
    /// Opens <paramref name="connections"/> connections spread over the members of <paramref name="tokens"/> (several per
    /// member when there are more connections than members, as tabs and devices), about 20 members a channel (the general
    /// channel and topic channels the facilitator adds when missing), and reads the host's RSS before and after.
    /// </summary>
    public static async Task<Held> HoldConnectionsAsync(string hostUrl, int hostPid, Guid groupId, string facilitatorToken, IReadOnlyList<string> tokens,
        int connections)
    {
        var members = Math.Min(tokens.Count, connections);
        var channelCount = Math.Clamp((members + MembersPerChannel - 1) / MembersPerChannel, 1, MaxChannels);
        var channels = await ChannelsAsync(hostUrl, groupId, facilitatorToken, channelCount);

        var idle = await SettledRssAsync(hostPid);
        var open = new ConcurrentBag<HubConnection>();
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, connections), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, token) =>
        {
            var member = i % members;
            var connection = Connect(hostUrl, tokens[member]);
            try
            {
                await connection.StartAsync(token);
                open.Add(connection);
                await connection.InvokeAsync<JsonElement>("JoinChannel", groupId, channels[member % channels.Count], token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Enqueue(e.Message);
            }
        });
        var openSeconds = clock.Elapsed.TotalSeconds;
        var held = await SettledRssAsync(hostPid);
        var dropped = open.Count(c => c.State != HubConnectionState.Connected);
        var firstFailure = failures.TryPeek(out var first) ? first : dropped > 0 ? $"{dropped} connections closed before the RSS was read" : null;
        await CloseAsync(open);
        return new Held(connections, members, channels.Count, idle, held, openSeconds, failures.Count + dropped, firstFailure);
    }

    /// <summary>
    /// <paramref name="receivers"/> members join the fan-out group's general channel, one connection each; the facilitator
    /// then sends a warm-up message and <paramref name="messages"/> measured ones over the HTTP API, half a second apart.
    /// </summary>
    public static async Task<Fanned> FanOutAsync(string hostUrl, Guid groupId, string facilitatorToken, IReadOnlyList<string> tokens, int receivers,
        int messages)
    {
        receivers = Math.Min(receivers, tokens.Count);
        var channelId = groupId; // the general channel's id is the group's
        var pending = new ConcurrentDictionary<string, long[]>();
        var open = new ConcurrentBag<HubConnection>();
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, receivers), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, token) =>
        {
            var connection = Connect(hostUrl, tokens[i]);
            connection.On<JsonElement>("message", message =>
            {
                var at = Stopwatch.GetTimestamp();
                if (message.TryGetProperty("source", out var source) && source.GetString() is { } text && pending.TryGetValue(text, out var arrivals))
                {
                    Interlocked.CompareExchange(ref arrivals[i], at, 0);
                }
            });
            try
            {
                await connection.StartAsync(token);
                open.Add(connection);
                await connection.InvokeAsync<JsonElement>("JoinChannel", groupId, channelId, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Enqueue(e.Message);
            }
        });
        var joinSeconds = clock.Elapsed.TotalSeconds;

        using var http = new HttpClient { BaseAddress = new Uri(hostUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", facilitatorToken);
        var expected = receivers - failures.Count;
        var latencies = new List<double>();
        var last = new List<double>();
        var missed = 0L;
        // Message 0 warms up (the host's first chat message JIT-compiles the path and fills caches) and is not counted.
        for (var m = 0; m <= messages; m++)
        {
            var body = $"Fan-out sample {m} ({Guid.NewGuid():N}): who is coming to the meetup on Thursday?";
            var arrivals = new long[receivers];
            pending[body] = arrivals;
            var sent = Stopwatch.GetTimestamp();
            using (var response = await http.PostAsJsonAsync($"/api/engagement/groups/{groupId}/chat/channels/{channelId}/messages", new { body }))
            {
                response.EnsureSuccessStatusCode();
            }

            var waited = Stopwatch.StartNew();
            while (arrivals.Count(a => a != 0) < expected && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(10);
            }

            pending.TryRemove(body, out _);
            var got = arrivals.Where(a => a != 0).Select(a => Stopwatch.GetElapsedTime(sent, a).TotalMilliseconds).ToList();
            if (m == 0)
            {
                await Task.Delay(500);
                continue;
            }

            latencies.AddRange(got);
            missed += expected - got.Count;
            last.Add(got.Count < expected ? double.PositiveInfinity : got.DefaultIfEmpty(double.PositiveInfinity).Max());
            await Task.Delay(500);
        }

        await CloseAsync(open);
        return new Fanned(receivers, messages, [.. latencies.Order()], [.. last.Order()], missed, joinSeconds, failures.Count,
            failures.TryPeek(out var first) ? first : null);
    }

    private static HubConnection Connect(string hostUrl, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(hostUrl), "/hubs/live"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token); // the .NET client sends it as a bearer header
            })
            // The host pings every 15 s; on two busy cores a ping can be late, and a client giving up at 30 s would be counted as a failure.
            .WithServerTimeout(TimeSpan.FromMinutes(2))
            .Build();

    private static async Task CloseAsync(IEnumerable<HubConnection> connections) =>
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (connection, _) =>
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // closing a connection the host already dropped
            }
        });

    /// <summary>The general channel and as many topic channels as needed (<c>bench-live-NN</c>, added by the facilitator when missing).</summary>
    private static async Task<IReadOnlyList<Guid>> ChannelsAsync(string hostUrl, Guid groupId, string facilitatorToken, int count)
    {
        using var http = new HttpClient { BaseAddress = new Uri(hostUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", facilitatorToken);
        var path = $"/api/engagement/groups/{groupId}/chat/channels";
        var existing = new Dictionary<string, Guid>();
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>(path + "?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                existing[item.GetProperty("name").GetString()!] = item.GetProperty("id").GetGuid();
            }

            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        var channels = new List<Guid> { groupId };
        for (var n = 1; channels.Count < count; n++)
        {
            var name = $"bench-live-{n:D2}";
            if (!existing.TryGetValue(name, out var id))
            {
                using var created = await http.PostAsJsonAsync(path, new { name, topic = "Benchmark: live connections" });
                created.EnsureSuccessStatusCode();
                id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }

            channels.Add(id);
        }

        return channels;
    }

    /// <summary>The host's RSS once it stops moving (five readings a second apart within 2 MB, or after 15 s): the last reading.</summary>
    private static async Task<double> SettledRssAsync(int pid)
    {
        var readings = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            readings.Add(Machine.RssMb(pid));
            if (readings.Count >= 5 && readings.TakeLast(5).Max() - readings.TakeLast(5).Min() <= 2)
            {
                break;
            }

            await Task.Delay(1000);
        }

        return readings[^1];
    }
}
