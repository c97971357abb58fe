using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OCoP.Benchmarks.Runner;

/// <summary>One load measurement: throughput, latency percentiles in milliseconds, and the responses that were not 2xx/3xx.</summary>
internal sealed record Load(long Requests, double Seconds, double P50, double P95, double P99, long Errors)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// What to send: requests spread over paths and bearer tokens (both picked at random per request), an optional JSON body.
/// An empty token list sends anonymous requests.
/// </summary>
internal sealed record Workload(string Method, IReadOnlyList<string> Paths, IReadOnlyList<string> Tokens, string? Body = null);

/// <summary>
/// The load tools from Debian's packages: wrk (closed loop, as many requests as the connections allow; a Lua script
/// varies paths and tokens and reports percentiles) and hey (open loop at a fixed rate, every latency written out).
/// </summary>
internal static class LoadTool
{
    public static async Task<Load> WrkAsync(string baseUrl, Workload workload, int connections, TimeSpan duration, string scratch)
    {
        var script = Path.Combine(scratch, $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, LuaScript(workload));
        try
        {
            var output = await RunAsync("wrk", ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", script, baseUrl]);
            var result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no result:\n{output}");
            var f = result.Split(' ');
            double Number(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            return new Load((long)Number(1), Number(2) / 1_000_000, Number(3) / 1000, Number(4) / 1000, Number(5) / 1000,
                (long)(Number(6) + Number(7) + Number(8) + Number(9) + Number(10)));
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>A fixed request rate (hey: connections × per-connection rate), every latency kept to compute exact percentiles.</summary>
    public static async Task<Load> HeyFixedRateAsync(string url, int requestsPerSecond, TimeSpan duration)
    {
        const int Connections = 50;
        var output = await RunAsync("hey", ["-z", $"{(int)duration.TotalSeconds}s", "-c", $"{Connections}", "-q", $"{requestsPerSecond / Connections}",
            "-o", "csv", url]);
        var rows = output.Split('\n').Skip(1).Select(l => l.Split(',')).Where(f => f.Length >= 8).ToList();
        var latencies = rows.Select(f => double.Parse(f[0], CultureInfo.InvariantCulture) * 1000).Order().ToArray();
        var errors = rows.Count(f => !f[6].StartsWith('2'));
        return new Load(latencies.Length, duration.TotalSeconds, Percentile(latencies, 50), Percentile(latencies, 95), Percentile(latencies, 99), errors);
    }

    public static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LuaScript(Workload workload)
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var lua = new StringBuilder();
        lua.AppendLine($"local paths = {{ {string.Join(", ", workload.Paths.Select(Quote))} }}");
        lua.AppendLine($"local tokens = {{ {string.Join(", ", workload.Tokens.Select(Quote))} }}");
        lua.AppendLine($"local body = {(workload.Body is null ? "nil" : Quote(workload.Body))}");
        lua.AppendLine($"local method = {Quote(workload.Method)}");
        lua.AppendLine("""
            local threads = {}
            function setup(thread)
              thread:set("id", #threads + 1)
              table.insert(threads, thread)
            end
            function init(args)
              math.randomseed(os.time() * 100 + id)
            end
            function request()
              local headers = {}
              if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] end
              if body then headers["Content-Type"] = "application/json" end
              return wrk.format(method, paths[math.random(#paths)], headers, body)
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
                latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status, e.connect, e.read, e.write, e.timeout))
            end
            """);
        return lua.ToString();
    }

    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
