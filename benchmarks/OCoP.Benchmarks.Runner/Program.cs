using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OCoP.Benchmarks.DataGenerator;

namespace OCoP.Benchmarks.Runner;

/// <summary>
/// The benchmark run behind <c>benchmarks/run.sh small|medium|large</c>: generate (or reuse) the dataset, measure the
/// floor, start the host cold three times, run every load scenario against it on loopback, measure fan-out, and write the
/// report. Servers run one at a time so they never compete for the two cores with each other.
/// </summary>
internal static class Program
{
    private const string HostUrl = "http://127.0.0.1:5097";
    private const string FloorUrl = "http://127.0.0.1:5098";
    private static readonly CultureInfo En = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        var options = CommandLine.Options(args);
        var size = options.GetValueOrDefault("size", "small");
        var seed = int.Parse(options.GetValueOrDefault("seed", "42"), En);
        var root = Path.GetFullPath(options.GetValueOrDefault("root", "."));
        var server = options.GetValueOrDefault("postgres", "Host=127.0.0.1;Port=5432;Username=ocop;Password=ocop;Database=ocop");
        var database = new NpgsqlConnectionStringBuilder(server) { Database = $"ocop_bench_{size}" }.ConnectionString;
        var large = size == "large";
        var warmUp = TimeSpan.FromSeconds(large ? 10 : 4);
        var duration = TimeSpan.FromSeconds(large ? 20 : 8);
        var reportPath = options.GetValueOrDefault("report", large ? Path.Combine(root, "docs", "performance.md") : Path.Combine(root, "benchmarks", "results", $"{size}.md"));
        var scratch = Directory.CreateTempSubdirectory("ocop-bench-").FullName;
        var hostDll = Path.Combine(root, "src/Host/OCoP.Host/bin/Release/net10.0/OCoP.Host.dll");
        var floorDll = Path.Combine(root, "benchmarks/OCoP.Benchmarks.Floor/bin/Release/net10.0/OCoP.Benchmarks.Floor.dll");
        var generatorDll = Path.Combine(root, "benchmarks/OCoP.Benchmarks.DataGenerator/bin/Release/net10.0/OCoP.Benchmarks.DataGenerator.dll");
        var started = DateTimeOffset.UtcNow;

        Say($"OCoP benchmarks, dataset {size} (seed {seed}), {Machine.Describe()}");
        Say($"Logs and scratch files: {scratch}");
        if (await RunAsync("dotnet", [generatorDll, "--size", size, "--seed", seed.ToString(En), "--connection", database, "--reuse"]) != 0)
        {
            Say("The data generator failed.");
            return 1;
        }

        var manifest = await Manifest.LoadAsync(database, CancellationToken.None) ?? throw new InvalidOperationException("The dataset has no manifest.");
        var rows = new List<Row>();

        var hostEnvironment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database,
            // Request logging at Information writes a console line per request; production runs log warnings and up.
            ["Serilog__MinimumLevel__Default"] = "Warning",
            // The per-member posting limit (10 a minute) is anti-spam, not capacity: lifted so a few hundred members can write flat out.
            ["Discussions__PostsPerMinute"] = "1000000",
            ["Smtp__Host"] = options.GetValueOrDefault("smtp-host", "127.0.0.1"),
            ["Smtp__Port"] = options.GetValueOrDefault("smtp-port", "2525"),
            ["Site__BaseUrl"] = HostUrl,
        };
        var topicList = $"/api/discussions/groups/{manifest.MainGroupId}/topics";
        var hot = $"/api/discussions/groups/{manifest.MainGroupId}/topics/{manifest.HotTopicNumber}";
        if (options.GetValueOrDefault("only") is { } only)
        {
            // One group of scenarios against a fresh host (a quick check of them while changing the runner); no report is written.
            var checkRows = new List<Row>();
            var checkTargets = new List<TargetCheck>();
            if (only == "live")
            {
                await using var liveHost = (await Server.StartAsync(hostDll, HostUrl, hostEnvironment, topicList, Path.Combine(scratch, "host.log"))).Server;
                var liveOnly = await LiveRowsAsync(size, options, manifest, liveHost);
                (checkRows, checkTargets) = (liveOnly.Rows, liveOnly.Checks);
            }
            else if (only == "cluster")
            {
                var clusterOnly = await Cluster.MeasureAsync(hostDll, hostEnvironment, $"{hot}?page=1", topicList, warmUp, duration, scratch);
                (checkRows, checkTargets) = (clusterOnly.Rows, [clusterOnly.Check]);
            }
            else if (only == "workbench")
            {
                var (floorOnly, floorOnlyRow) = await FloorAsync(floorDll, database, warmUp, duration, scratch);
                await using var workbenchHost = (await Server.StartAsync(hostDll, HostUrl, hostEnvironment, topicList, Path.Combine(scratch, "host.log"))).Server;
                checkRows.Add(floorOnlyRow);
                foreach (var (name, workload, connections) in WorkbenchScenarios(manifest))
                {
                    checkRows.Add(await MeasureAsync(name, workload, connections, workbenchHost, database, floorOnly, warmUp, duration, scratch));
                }
            }
            else
            {
                Say("--only takes live, cluster or workbench.");
                return 2;
            }

            Say(Report.Table(checkRows));
            Say(Report.Targets(checkTargets));
            return 0;
        }

        // 1. The floor, alone on the machine.
        var (floor, floorRow) = await FloorAsync(floorDll, database, warmUp, duration, scratch);
        rows.Add(floorRow);

        // 2. Cold start, three times: process start to the first 200 of a real page of data.
        var coldStarts = new List<double>();
        Server? host = null;
        for (var i = 0; i < 3; i++)
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            var (server1, firstOk) = await Server.StartAsync(hostDll, HostUrl, hostEnvironment, topicList, Path.Combine(scratch, "host.log"));
            host = server1;
            coldStarts.Add(firstOk.TotalMilliseconds);
        }

        await using var running = host!;
        coldStarts.Sort();
        rows.Add(new Row("Cold start (process start to first 200)", null, coldStarts[1], coldStarts[2], coldStarts[2], null, Machine.RssMb(running.Pid), 0,
            $"3 starts: {string.Join(", ", coldStarts.Select(c => $"{c / 1000:N2} s"))}"));
        Say($"Cold start: {string.Join(", ", coldStarts.Select(c => $"{c / 1000:N2} s"))}");

        // 3. The load scenarios.
        var hotPage = $"/groups/{manifest.MainGroupSlug}/topics/{manifest.HotTopicNumber}";
        var deepPage = (manifest.HotTopicPosts + 19) / 20;
        var readers = manifest.Tokens.Take(50).ToList();
        var wikiPage = $"/api/knowledge/groups/{manifest.MainGroupId}/pages/{manifest.HotWikiPageSlug}";
        var wikiPageHtml = $"/groups/{manifest.MainGroupSlug}/wiki/{manifest.HotWikiPageSlug}";
        // Calendars at fixed dates (the generated events lie around the dataset's anchor, whatever the day of the run).
        var groupCalendar = $"/api/events/groups/{manifest.MainGroupId}/events";
        var calendarFrom = Uri.EscapeDataString(manifest.CalendarFrom.ToString("yyyy-MM-ddTHH:mm:ssZ", En));
        var monthShown = Math.Min(100, manifest.MainGroupEventsInMonth);
        var scenarios = new (string Name, Workload Workload, int Connections)[]
        {
            ("Topic page JSON, page 1", new Workload("GET", [$"{hot}?page=1"], []), 32),
            ($"Topic page JSON, page {deepPage}", new Workload("GET", [$"{hot}?page={deepPage}"], []), 32),
            ("Topic page HTML, page 1", new Workload("GET", [$"{hotPage}?page=1"], []), 32),
            ($"Topic page HTML, page {deepPage}", new Workload("GET", [$"{hotPage}?page={deepPage}"], []), 32),
            ("Topic list JSON (latest)", new Workload("GET", [topicList], []), 32),
            ($"Wiki page JSON ({manifest.HotWikiPageRevisions:N0} revisions)", new Workload("GET", [wikiPage], []), 32),
            ($"Wiki page HTML ({manifest.HotWikiPageRevisions:N0} revisions)", new Workload("GET", [wikiPageHtml], []), 32),
            ("Member directory search", new Workload("GET", manifest.DirectoryQueries.Select(q => $"/api/membership/members?q={Uri.EscapeDataString(q)}").ToList(), readers), 32),
            ("Home feed JSON", new Workload("GET", ["/api/engagement/feed"], readers), 32),
            ($"Group calendar JSON, month view ({monthShown:N0} of {manifest.MainGroupEventsInMonth:N0} events)",
                new Workload("GET", [$"{groupCalendar}?view=month&month={manifest.CalendarMonth}&limit=100"], []), 32),
            ("Group upcoming events JSON", new Workload("GET", [$"{groupCalendar}?view=agenda&from={calendarFrom}"], []), 32),
            ("Site-wide calendar JSON (member)", new Workload("GET", [$"/api/events/calendar?view=agenda&from={calendarFrom}"], readers), 32),
            ("My events feed (.ics)", new Workload("GET", manifest.FeedTokens.Select(t => $"/api/events/feeds/{t}/ical").ToList(), []), 32),
        };
        foreach (var (name, workload, connections) in scenarios.Concat(WorkbenchScenarios(manifest)))
        {
            rows.Add(await MeasureAsync(name, workload, connections, running, database, floor, warmUp, duration, scratch));
        }

        Say("Topic page JSON at a fixed 1,000 requests/s...");
        var fixedRate = await LoadTool.HeyFixedRateAsync($"{HostUrl}{hot}?page=1", 1000, duration);
        rows.Add(new Row("Topic page JSON, page 1, fixed 1,000 req/s", fixedRate.RequestsPerSecond, fixedRate.P50, fixedRate.P95, fixedRate.P99, null,
            Machine.RssMb(running.Pid), fixedRate.Errors, "hey, 50 connections, open loop"));

        var replyBody = "{\"body\":\"We tried this with our team last term. The **first session** mattered most; happy to share the plan we used.\"}";
        var replies = new Workload("POST", manifest.ReplyTopicNumbers.Select(n => $"/api/discussions/groups/{manifest.ReplyGroupId}/topics/{n}/posts").ToList(),
            manifest.Tokens, replyBody);
        var replyRow = await MeasureAsync("Reply creation (outbox)", replies, 16, running, database, floor, TimeSpan.FromSeconds(3), duration, scratch);
        var drain = await DrainAsync(database);
        rows.Add(replyRow with
        {
            Notes = replyRow.Notes + $"; {drain.Backlog:N0} messages queued at the end, handled in {drain.Seconds:N0} s" + (drain.Left > 0 ? $" ({drain.Left:N0} still queued)" : ""),
        });

        // 4. Fan-out to 1,000 followers.
        Say("Fan-out to the followers of one member...");
        var samples = await FanOut.MeasureAsync(HostUrl, database, manifest.FanOutGroupId, manifest.FanOutAuthorToken, manifest.FanOutFollowers, large ? 20 : 8);
        var notified = samples.Select(s => s.NotifiedMs).Order().ToArray();
        var fed = samples.Select(s => s.FedMs).Order().ToArray();
        rows.Add(new Row($"Fan-out: last of {manifest.FanOutFollowers:N0} notifications", null, LoadTool.Percentile(notified, 50),
            LoadTool.Percentile(notified, 95), LoadTool.Percentile(notified, 99), null, Machine.RssMb(running.Pid), 0,
            $"{samples.Count} topics; home feed entries: p50 {LoadTool.Percentile(fed, 50):N0} ms, p95 {LoadTool.Percentile(fed, 95):N0} ms"));

        // 5. The live scenarios: connections held, chat fan-out. A failure here or below becomes a row and a missed target,
        // so that the rest of a long run still reaches the report.
        (List<Row> Rows, List<TargetCheck> Checks) live;
        try
        {
            live = await LiveRowsAsync(size, options, manifest, running);
        }
        catch (Exception e)
        {
            Say($"The live scenarios failed: {e}");
            live = ([Failed("Live: connections held and chat fan-out", e)], [new TargetCheck("Live connections and chat fan-out", "failed", false, Short(e))]);
        }

        rows.AddRange(live.Rows);

        // 6. Three hosts behind nginx against one, with the single host stopped (it would share the database's durable
        // agents with hosts in Balanced mode, and the cores).
        await running.DisposeAsync();
        Cluster.Result cluster;
        try
        {
            cluster = await Cluster.MeasureAsync(hostDll, hostEnvironment, $"{hot}?page=1", topicList, warmUp, duration, scratch);
        }
        catch (Exception e)
        {
            Say($"The three-host scenario failed: {e}");
            cluster = new Cluster.Result([Failed("Topic page JSON, page 1, three hosts behind nginx", e)],
                new TargetCheck("Three hosts behind nginx >= 1.8x one host's topic-page JSON requests/s", "failed", false, Short(e)));
        }

        rows.AddRange(cluster.Rows);

        // 7. The report.
        var topicJson = rows.First(r => r.Scenario == "Topic page JSON, page 1");
        var replyRate = replyRow.RequestsPerSecond ?? 0;
        // The dataset's workload on one host; the live rows (connections held) and the cluster's hosts have targets of their own.
        var maxRss = rows.Where(r => !r.Scenario.StartsWith("Floor", StringComparison.Ordinal) && !r.Scenario.StartsWith("Live:", StringComparison.Ordinal)
            && !r.Scenario.EndsWith("behind nginx", StringComparison.Ordinal)).Max(r => r.RssMb);
        var specific = rows.First(r => r.Scenario == SpecificSearch);
        var broad = rows.First(r => r.Scenario == BroadSearch);
        var dashboard = rows.First(r => r.Scenario == Dashboard);
        var checks = new List<TargetCheck>
        {
            Check("Topic page JSON >= 50% of the floor's requests/s", $"{topicJson.Ratio:P0} ({topicJson.RequestsPerSecond:N0} vs {floor.RequestsPerSecond:N0} req/s)",
                topicJson.Ratio >= 0.5, $"{0.5 - topicJson.Ratio:P0} of the floor short"),
            Check("Topic page JSON p99 <= 50 ms at a fixed 1,000 req/s", $"p99 {fixedRate.P99:N1} ms at {fixedRate.RequestsPerSecond:N0} req/s" +
                (fixedRate.Errors > 0 ? $", {fixedRate.Errors} errors" : ""), fixedRate.P99 <= 50 && fixedRate.RequestsPerSecond >= 950,
                fixedRate.RequestsPerSecond < 950 ? $"only {fixedRate.RequestsPerSecond:N0} req/s delivered; p99 {fixedRate.P99 - 50:N1} ms over" : $"{fixedRate.P99 - 50:N1} ms over"),
            Check("Reply creation >= 500/s", $"{replyRate:N0}/s", replyRate >= 500, $"{500 - replyRate:N0}/s short ({replyRate / 500:P0} of the target)"),
            Check("Reply creation p95 <= 50 ms", $"p95 {replyRow.P95:N1} ms", replyRow.P95 <= 50, $"{replyRow.P95 - 50:N1} ms over"),
            Check($"Fan-out to {manifest.FanOutFollowers:N0} followers p95 <= 2 s", $"p95 {LoadTool.Percentile(notified, 95) / 1000:N2} s",
                LoadTool.Percentile(notified, 95) <= 2000, $"{(LoadTool.Percentile(notified, 95) - 2000) / 1000:N2} s over"),
            Check("Search, single terms and phrases, p95 <= 50 ms", $"p95 {specific.P95:N1} ms", specific.P95 <= 50, $"{specific.P95 - 50:N1} ms over"),
            Check("Search, broad terms, p95 <= 150 ms", $"p95 {broad.P95:N1} ms", broad.P95 <= 150, $"{broad.P95 - 150:N1} ms over"),
            Check("Health dashboard of the largest group p95 <= 100 ms", $"p95 {dashboard.P95:N1} ms", dashboard.P95 <= 100, $"{dashboard.P95 - 100:N1} ms over"),
            Check("Cold start <= 2 s", $"median {coldStarts[1] / 1000:N2} s", coldStarts[1] <= 2000, $"{(coldStarts[1] - 2000) / 1000:N2} s over"),
            Check("RSS <= 512 MB" + (large ? "" : " (target is for the large dataset)"), $"max {maxRss:N0} MB", maxRss <= 512, $"{maxRss - 512:N0} MB over"),
        };
        checks.AddRange(live.Checks);
        checks.Add(cluster.Check);

        var table = Report.Table(rows);
        var targets = Report.Targets(checks);
        Say("");
        Say(table);
        Say(targets);
        await WriteReportAsync(reportPath, size, seed, manifest, rows, table, targets, started, warmUp, duration, options.GetValueOrDefault("micro"));
        Say($"Report written to {reportPath}");
        return 0;
    }

    /// <summary>The floor, alone on the machine: TechEmpower's single-query test with plain Npgsql.</summary>
    private static async Task<(Load Floor, Row Row)> FloorAsync(string floorDll, string database, TimeSpan warmUp, TimeSpan duration, string scratch)
    {
        Say("Floor: single query with plain Npgsql...");
        await using var floorServer = (await Server.StartAsync(floorDll, FloorUrl, new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database },
            "/health", Path.Combine(scratch, "floor.log"))).Server;
        var workload = new Workload("GET", ["/db"], []);
        await LoadTool.WrkAsync(FloorUrl, workload, 32, warmUp, scratch);
        var floor = await LoadTool.WrkAsync(FloorUrl, workload, 32, duration, scratch);
        return (floor, new Row("Floor: single query (plain Npgsql)", floor.RequestsPerSecond, floor.P50, floor.P95, floor.P99, 1.0,
            Machine.RssMb(floorServer.Pid), floor.Errors, "32 connections"));
    }

    /// <summary>Issue 15's scenarios: search as 50 members, and the largest group's health dashboard as its facilitator.</summary>
    private static (string Name, Workload Workload, int Connections)[] WorkbenchScenarios(Manifest manifest)
    {
        var readers = manifest.Tokens.Take(50).ToList();
        return
        [
            (SpecificSearch, new Workload("GET", manifest.SearchQueries.Select(Search).ToList(), readers), 32),
            (BroadSearch, new Workload("GET", manifest.BroadSearchQueries.Select(Search).ToList(), readers), 32),
            (Dashboard, new Workload("GET", [$"/api/engagement/groups/{manifest.MainGroupId}/health"], [manifest.FacilitatorToken]), 32),
        ];
    }

    private const string SpecificSearch = "Search, single terms and phrases (member)";
    private const string BroadSearch = "Search, broad terms (member)";
    private const string Dashboard = "Health dashboard JSON (largest group, facilitator)";

    private static string Search(string query) => $"/api/engagement/search?q={Uri.EscapeDataString(query)}";

    private static TargetCheck Check(string target, string measured, bool? met, string miss) => new(target, measured, met == true, miss);

    private static Row Failed(string scenario, Exception e) => new(scenario, null, double.NaN, double.NaN, double.NaN, null, 0, 1, $"failed: {Short(e)}");

    /// <summary>An exception in one line for a table cell: no line breaks or pipes, at most 300 characters.</summary>
    private static string Short(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ").Replace('|', '/')}";
        return text.Length <= 300 ? text : text[..300];
    }

    /// <summary>
    /// The live scenarios (Live.cs) at the dataset's scale: <c>large</c> holds 10,000 connections and fans out to 1,000
    /// members (the issue's numbers), <c>medium</c> 2,000 and 250, <c>small</c> 200 and 50; <c>--live-connections</c> and
    /// <c>--live-receivers</c> override them.
    /// </summary>
    private static async Task<(List<Row> Rows, List<TargetCheck> Checks)> LiveRowsAsync(string size, Dictionary<string, string> options, Manifest manifest,
        Server host)
    {
        var (defaultConnections, defaultReceivers) = size switch { "large" => (10_000, 1_000), "medium" => (2_000, 250), _ => (200, 50) };
        var connections = int.Parse(options.GetValueOrDefault("live-connections", defaultConnections.ToString(En)), En);
        var receivers = int.Parse(options.GetValueOrDefault("live-receivers", defaultReceivers.ToString(En)), En);
        var messages = size == "large" ? 20 : 8;
        var full = size == "large" ? "" : " (the target is for 10,000; large)";
        var rows = new List<Row>();
        var checks = new List<TargetCheck>();

        Say($"Live: {connections:N0} connections held...");
        var held = await Live.HoldConnectionsAsync(host.Url, host.Pid, manifest.FanOutGroupId, manifest.FanOutAuthorToken, manifest.WatcherTokens, connections);
        rows.Add(new Row($"Live: {connections:N0} connections held", null, double.NaN, double.NaN, double.NaN, null, held.HeldRssMb, held.Failed, string.Create(En,
            $"RSS {held.IdleRssMb:N0} MB idle, {held.HeldRssMb:N0} MB held: {held.AboveIdleMb:N0} MB above idle ({held.AboveIdleMb * 1024 / Math.Max(1, connections - held.Failed):N1} KB a connection); {held.Members:N0} members in {held.Channels} channels, opened and joined in {held.OpenSeconds:N1} s")
            + (held.FirstFailure is null ? "" : $"; first failure: {held.FirstFailure}")));
        checks.Add(Check($"{connections:N0} live connections <= 300 MB above the idle host{full}",
            $"{held.AboveIdleMb:N0} MB above {held.IdleRssMb:N0} MB" + (held.Failed > 0 ? $", {held.Failed} connections failed" : ""),
            held.AboveIdleMb <= 300 && held.Failed == 0, held.Failed > 0 ? $"{held.Failed} of {connections} failed" : $"{held.AboveIdleMb - 300:N0} MB over"));

        Say($"Live: chat fan-out to {receivers:N0} members...");
        var fanned = await Live.FanOutAsync(host.Url, manifest.FanOutGroupId, manifest.FanOutAuthorToken, manifest.WatcherTokens, receivers, messages);
        var latencies = fanned.SortedLatenciesMs;
        var p99 = fanned.Missed > 0 || fanned.Failed > 0 ? double.PositiveInfinity : LoadTool.Percentile(latencies, 99);
        rows.Add(new Row($"Live: chat fan-out to {fanned.Receivers:N0} members", null, LoadTool.Percentile(latencies, 50), LoadTool.Percentile(latencies, 95),
            LoadTool.Percentile(latencies, 99), null, Machine.RssMb(host.Pid), fanned.Missed + fanned.Failed, string.Create(En,
                $"{fanned.Messages} messages, send to each member's receipt; last member: p50 {LoadTool.Percentile(fanned.SortedLastMs, 50):N0} ms, max {fanned.SortedLastMs.DefaultIfEmpty(0).Max():N0} ms; {fanned.Receivers:N0} joined in {fanned.JoinSeconds:N1} s")
                + (fanned.Missed > 0 ? $"; {fanned.Missed} deliveries missed (30 s)" : "") + (fanned.FirstFailure is null ? "" : $"; first failure: {fanned.FirstFailure}")));
        var fanFull = size == "large" ? "" : " (the target is for 1,000; large)";
        checks.Add(Check($"Chat fan-out to {fanned.Receivers:N0} members p99 <= 1 s{fanFull}", $"p99 {LoadTool.Percentile(latencies, 99):N0} ms" +
            (fanned.Missed + fanned.Failed > 0 ? $", {fanned.Missed} missed, {fanned.Failed} failed to join" : ""), p99 <= 1000,
            double.IsInfinity(p99) ? "deliveries missed" : $"{p99 - 1000:N0} ms over"));
        return (rows, checks);
    }

    /// <summary>
    /// Warm-up, then the measured run; the notes say where the time went: CPU milliseconds per request in the host and in
    /// PostgreSQL (from /proc), and database transactions per request (pg_stat_database).
    /// </summary>
    private static async Task<Row> MeasureAsync(string name, Workload workload, int connections, Server host, string database, Load floor,
        TimeSpan warmUp, TimeSpan duration, string scratch)
    {
        Say($"{name}: warm-up {warmUp.TotalSeconds:N0} s, then {duration.TotalSeconds:N0} s...");
        await LoadTool.WrkAsync(host.Url, workload, connections, warmUp, scratch);
        await Task.Delay(1500);
        var (hostCpu, dbCpu, transactions) = (Machine.CpuSeconds(host.Pid), Machine.PostgresCpuSeconds(), await TransactionsAsync(database));
        var load = await LoadTool.WrkAsync(host.Url, workload, connections, duration, scratch);
        var (hostCpuAfter, dbCpuAfter) = (Machine.CpuSeconds(host.Pid), Machine.PostgresCpuSeconds());
        await Task.Delay(1500); // statistics reach pg_stat_database within a second
        var transactionsAfter = await TransactionsAsync(database);
        var perRequest = Math.Max(1, load.Requests);
        var notes = string.Create(En,
            $"{connections} connections; CPU per request: host {(hostCpuAfter - hostCpu) * 1000 / perRequest:N2} ms, PostgreSQL {(dbCpuAfter - dbCpu) * 1000 / perRequest:N2} ms; {(double)(transactionsAfter - transactions) / perRequest:N1} db transactions/request");
        return new Row(name, load.RequestsPerSecond, load.P50, load.P95, load.P99, load.RequestsPerSecond / floor.RequestsPerSecond, Machine.RssMb(host.Pid),
            load.Errors, notes);
    }

    private static async Task<long> TransactionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select xact_commit + xact_rollback from pg_stat_database where datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Waits until Wolverine's durable inbox holds no message still to handle (10 minutes at most, or until the backlog
    /// stops shrinking for 30 s: messages waiting for a retry).
    /// </summary>
    private static async Task<(long Backlog, double Seconds, long Left)> DrainAsync(string database)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        long? first = null;
        var lowest = long.MaxValue;
        var lowestAt = TimeSpan.Zero;
        var backlog = 0L;
        while (clock.Elapsed < TimeSpan.FromMinutes(10) && clock.Elapsed - lowestAt < TimeSpan.FromSeconds(30))
        {
            await using var command = new NpgsqlCommand("select count(*) from wolverine.wolverine_incoming_envelopes where status = 'Incoming'", connection);
            backlog = (long)(await command.ExecuteScalarAsync())!;
            first ??= backlog;
            if (backlog == 0)
            {
                break;
            }

            if (backlog < lowest)
            {
                (lowest, lowestAt) = (backlog, clock.Elapsed);
            }

            await Task.Delay(250);
        }

        return (first ?? 0, clock.Elapsed.TotalSeconds, backlog);
    }

    private static async Task WriteReportAsync(string path, string size, int seed, Manifest manifest, IReadOnlyList<Row> rows, string table, string targets,
        DateTimeOffset started, TimeSpan warmUp, TimeSpan duration, string? microResults)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var chartName = Path.GetFileNameWithoutExtension(path) + "-ratios.svg";
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, chartName),
            Report.RatioChart(rows, $"Requests/s as a ratio to the floor ({size} dataset, {started:yyyy-MM-dd})"));
        var written = manifest.Written;
        var micro = microResults is not null && File.Exists(microResults) ? await File.ReadAllTextAsync(microResults) : null;
        // What is written by hand (the analysis) and the last micro-benchmark results stay when a run does not replace them.
        var previous = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var analysis = Section(previous, AnalysisHeading);
        micro ??= Section(previous, MicroHeading);
        var text = $"""
            # Performance

            Generated by `benchmarks/run.sh {size}` on {started:yyyy-MM-dd HH:mm} UTC. Results and targets are generated: run it again rather than editing them.
            The section "{AnalysisHeading}" is written by hand and kept by the next run.

            - **Machine:** {Machine.Describe()}. The load tool, the host and PostgreSQL share these cores.
            - **Dataset:** `{size}`, seed {seed}: {written.Members:N0} members, {written.Groups:N0} groups, {written.Memberships:N0} memberships,
              {written.Topics:N0} topics, {written.Posts:N0} posts, {written.Follows:N0} follows, {written.ActivityItems:N0} activity items,
              {written.FeedEntries:N0} home-feed entries, {written.WikiPages:N0} wiki pages with {written.WikiRevisions:N0} revisions,
              {written.Resources:N0} resources with {written.ResourceRatings:N0} ratings, {written.Events:N0} events ({written.EventSeries:N0} series)
              with {written.Rsvps:N0} RSVPs and {written.AttendanceRecords:N0} attendance records (generated in {manifest.GenerationSeconds:N0} s).
              The long topic has {manifest.HotTopicPosts:N0} posts; the wiki page read has {manifest.HotWikiPageRevisions:N0} revisions; the main group
              has {manifest.MainGroupEventsInMonth:N0} events in {manifest.CalendarMonth}.
            - **Method:** wrk 4.1 (2 threads; closed loop) for throughput, hey for the fixed rate, {warmUp.TotalSeconds:N0} s warm-up then
              {duration.TotalSeconds:N0} s measured per scenario; host built in Release, logging at Warning, the per-member posting limit lifted.
              Topic pages, lists and the wiki page are read anonymously (a public group); the directory, the feed and replies use personal access tokens
              of 50–200 members. Calendars are read at fixed dates: the main group's month {manifest.CalendarMonth} (up to 100 events a page) and its
              upcoming events from {manifest.CalendarFrom:yyyy-MM-dd} (20 a page) anonymously, the site-wide calendar from the same day with the
              tokens of 50 members, and those members' personal `.ics` feeds (`/api/events/feeds/<secret>/ical`: their answers from 31 days
              before the run on, at most 1,000). Search (`/api/engagement/search`, relevance order, every kind, 20 a page) runs as the same 50
              members, over {manifest.SearchRows:N0} index rows written by the search handlers' own rules: single terms and phrases
              ({string.Join(", ", manifest.SearchQueries)}) and broad terms ({string.Join(", ", manifest.BroadSearchQueries)}). The health
              dashboard is the main group's, read by its facilitator's token, over the group's history moved to end on the day of the run. The floor is TechEmpower's single-query test (one random row, plain Npgsql) measured in the same run;
              "ratio" is requests/s divided by the floor's. RSS is the host's resident memory after the scenario.
              Live rows (docs/adr/0073): SignalR's .NET client over WebSockets with the tokens of the fan-out group's 1,000 members, each
              connection joined to a chat channel of that group; connections held: the host's RSS settled before and with them open; chat
              fan-out: one warm-up message, then messages sent over the API, from the send to each member's `message` event. Three hosts:
              scripts/cluster.sh's setup (Balanced durability) behind nginx against one host behind the same nginx, topic page JSON, page 1.

            ## Results

            {table}
            ![Requests/s as a ratio to the floor]({chartName})

            ## Targets

            {targets}
            {(micro is null ? "" : $"## {MicroHeading}\n\n" + micro.Trim() + "\n\n")}{(analysis is null ? "" : $"## {AnalysisHeading}\n\n" + analysis.Trim() + "\n")}
            """;
        await File.WriteAllTextAsync(path, text);
    }

    private const string AnalysisHeading = "Analysis (by hand)";
    private const string MicroHeading = "Micro-benchmarks (BenchmarkDotNet)";

    /// <summary>The body of a report's level-2 section, up to the next level-2 heading; null when there is none.</summary>
    private static string? Section(string report, string heading)
    {
        var start = report.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var body = start + heading.Length + 5;
        var end = report.IndexOf("\n## ", body, StringComparison.Ordinal);
        return report[body..(end < 0 ? report.Length : end)];
    }

    private static async Task<int> RunAsync(string file, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)) ?? throw new InvalidOperationException($"Cannot start {file}.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static void Say(string line) => Console.WriteLine(line);
}
