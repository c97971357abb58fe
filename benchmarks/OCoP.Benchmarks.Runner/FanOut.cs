using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace OCoP.Benchmarks.Runner;

/// <summary>
/// Fan-out latency: the fan-out author (1,000 followers, who all watch the group) starts a topic through the API; the
/// clock runs from sending the request until the last follower's notification exists, read from the Engagement
/// module's table (and, alongside, until the last home-feed entry exists).
/// </summary>
internal static class FanOut
{
    public sealed record Sample(double NotifiedMs, double FedMs);

    private sealed record Started(Guid TopicId, int Number, string Path);

    public static async Task<IReadOnlyList<Sample>> MeasureAsync(string hostUrl, string connectionString, Guid groupId, string token, int followers,
        int samples)
    {
        using var http = new HttpClient { BaseAddress = new Uri(hostUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var results = new List<Sample>();
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync($"/api/discussions/groups/{groupId}/topics", new
            {
                kind = "Discussion",
                title = $"Fan-out sample {i + 1} at {DateTimeOffset.UtcNow:HH:mm:ss.fff}",
                body = "A new topic for everyone who follows me: what would you like to discuss at the next meetup?",
            });
            response.EnsureSuccessStatusCode();
            var started = await response.Content.ReadFromJsonAsync<Started>() ?? throw new InvalidOperationException("No topic in the response.");
            var groupingKey = $"topic:{started.TopicId:N}";
            // The activity item's id is derived from what it is about (ActivityItem.IdFor in the Engagement module).
            var itemId = new Guid(MD5.HashData(Encoding.UTF8.GetBytes($"topic/{started.TopicId:N}")));
            double? notified = null, fed = null;
            while ((notified is null || fed is null) && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                notified ??= await CountAsync(dataSource, "select count(*) from engagement.mt_doc_notification where data->>'GroupingKey' = $1", groupingKey)
                    >= followers ? clock.Elapsed.TotalMilliseconds : null;
                fed ??= await CountAsync(dataSource, "select count(*) from engagement.mt_doc_feedentry where data->>'ItemId' = $1", itemId.ToString())
                    >= followers ? clock.Elapsed.TotalMilliseconds : null;
                await Task.Delay(20);
            }

            results.Add(new Sample(notified ?? double.PositiveInfinity, fed ?? double.PositiveInfinity));
            await Task.Delay(500);
        }

        return results;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql, string value)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
