using System.Diagnostics;
using System.Text;

namespace OCoP.Benchmarks.Runner;

/// <summary>
/// Topic-page JSON throughput through nginx: one host behind it, then three (the setup of <c>scripts/cluster.sh</c>:
/// the same Release build on three loopback ports against the one database, <c>Wolverine:Durability=Balanced</c>,
/// forwarded headers from nginx only, round robin without sticky sessions). The ratio of the two is the scaling; both go
/// through the proxy so that its cost is in both. Redis (the SignalR backplane only) plays no part in a topic page and
/// is not started.
/// </summary>
internal static class Cluster
{
    private const int FirstHostPort = 5191;
    private const int OneHostPort = 5188;
    private const int ThreeHostsPort = 5189;
    private const int Connections = 32;

    public sealed record Result(List<Row> Rows, TargetCheck Check);

    public static async Task<Result> MeasureAsync(string hostDll, IReadOnlyDictionary<string, string> hostEnvironment, string path, string probePath,
        TimeSpan warmUp, TimeSpan duration, string scratch)
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (benchmarks/run.sh installs Debian's package).");
        var prefix = Path.Combine(scratch, "nginx");
        Directory.CreateDirectory(prefix);
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfig(prefix));

        var environment = new Dictionary<string, string>(hostEnvironment)
        {
            ["Wolverine__Durability"] = "Balanced",
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
            ["Site__BaseUrl"] = $"http://127.0.0.1:{ThreeHostsPort}",
        };
        var hosts = new List<Server>();
        try
        {
            Say("Cluster: one host behind nginx...");
            hosts.Add((await Server.StartAsync(hostDll, HostUrl(0), environment, probePath, Path.Combine(scratch, "cluster-host-1.log"))).Server);
            if (await RunAsync(nginx, ["-c", config, "-p", prefix]) != 0)
            {
                throw new InvalidOperationException($"nginx did not start; see {prefix}/error.log.");
            }

            var workload = new Workload("GET", [path], []);
            await LoadTool.WrkAsync($"http://127.0.0.1:{OneHostPort}", workload, Connections, warmUp, scratch);
            var one = await LoadTool.WrkAsync($"http://127.0.0.1:{OneHostPort}", workload, Connections, duration, scratch);
            var oneRss = Machine.RssMb(hosts[0].Pid);

            Say("Cluster: three hosts behind nginx...");
            var starting = Enumerable.Range(1, 2)
                .Select(n => Server.StartAsync(hostDll, HostUrl(n), environment, probePath, Path.Combine(scratch, $"cluster-host-{n + 1}.log")))
                .ToList();
            foreach (var started in starting)
            {
                hosts.Add((await started).Server);
            }

            await LoadTool.WrkAsync($"http://127.0.0.1:{ThreeHostsPort}", workload, Connections, warmUp, scratch);
            var three = await LoadTool.WrkAsync($"http://127.0.0.1:{ThreeHostsPort}", workload, Connections, duration, scratch);
            var ratio = three.RequestsPerSecond / one.RequestsPerSecond;
            var cores = Environment.ProcessorCount;
            var rows = new List<Row>
            {
                new("Topic page JSON, page 1, one host behind nginx", one.RequestsPerSecond, one.P50, one.P95, one.P99, null, oneRss, one.Errors,
                    $"{Connections} connections through nginx (1 worker process per core)"),
                new("Topic page JSON, page 1, three hosts behind nginx", three.RequestsPerSecond, three.P50, three.P95, three.P99, null,
                    hosts.Max(h => Machine.RssMb(h.Pid)), three.Errors,
                    $"{ratio:N2}x one host behind nginx; round robin, Balanced durability; RSS is the largest host's; wrk, nginx, the hosts and PostgreSQL share {cores} cores"),
            };
            var check = new TargetCheck($"Three hosts behind nginx >= 1.8x one host's topic-page JSON requests/s ({cores} cores: the hosts share them)",
                $"{ratio:N2}x ({three.RequestsPerSecond:N0} vs {one.RequestsPerSecond:N0} req/s)", ratio >= 1.8,
                $"{1.8 - ratio:N2}x short; with every process on {cores} cores a second and third host add no CPU, only the work of scheduling them");
            return new Result(rows, check);
        }
        finally
        {
            if (File.Exists(Path.Combine(prefix, "nginx.pid")))
            {
                await RunAsync(nginx, ["-c", config, "-p", prefix, "-s", "stop"]);
            }

            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static string HostUrl(int index) => $"http://127.0.0.1:{FirstHostPort + index}";

    /// <summary>
    /// scripts/cluster.sh's proxy settings, with two listeners (one host, three hosts), a worker per core, no access log,
    /// and responses kept in memory (no temporary files in the scratch directory, which only its owner may enter).
    /// </summary>
    private static string NginxConfig(string prefix)
    {
        var text = new StringBuilder();
        text.AppendLine("worker_processes auto;");
        text.AppendLine($"pid {prefix}/nginx.pid;");
        text.AppendLine($"error_log {prefix}/error.log warn;");
        text.AppendLine("events { worker_connections 4096; }");
        text.AppendLine("http {");
        text.AppendLine("  access_log off;");
        text.AppendLine($"  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;");
        text.AppendLine($"  fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;");
        text.AppendLine("  proxy_buffers 32 16k; proxy_max_temp_file_size 0;");
        text.AppendLine($"  upstream one {{ server 127.0.0.1:{FirstHostPort}; keepalive 32; }}");
        text.AppendLine($"  upstream three {{ server 127.0.0.1:{FirstHostPort}; server 127.0.0.1:{FirstHostPort + 1}; server 127.0.0.1:{FirstHostPort + 2}; keepalive 32; }}");
        foreach (var (port, upstream) in new[] { (OneHostPort, "one"), (ThreeHostsPort, "three") })
        {
            text.AppendLine($"  server {{ listen 127.0.0.1:{port}; location / {{");
            text.AppendLine($"    proxy_pass http://{upstream}; proxy_http_version 1.1; proxy_set_header Host $http_host; proxy_set_header Connection \"\";");
            text.AppendLine("    proxy_set_header X-Forwarded-For $remote_addr; proxy_set_header X-Forwarded-Proto $scheme;");
            text.AppendLine("    proxy_next_upstream error timeout http_502 http_503;");
            text.AppendLine("  } }");
        }

        text.AppendLine("}");
        return text.ToString();
    }

    private static async Task<int> RunAsync(string file, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)) ?? throw new InvalidOperationException($"Cannot start {file}.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static void Say(string line) => Console.WriteLine(line);
}
