using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Npgsql;
using OCoP.Modules.Engagement.Email;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Engagement;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine.RDBMS;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// E-mail at least once, not lost (issue 18; docs/adr/0026-email-leases.md): the host process is killed with SIGKILL
/// <c>OCOP_EMAIL_KILLS</c> times (20 by default) at seeded-random moments while replies mentioning members cause alert
/// e-mails and members' daily digests fall due, and restarted after each kill. Then every outgoing e-mail record is
/// <c>Sent</c>, every acknowledged reply has its alerts, exactly one record each, every record's Message-ID reached the
/// SMTP server, the digests went out, and nothing is in Wolverine's dead-letter table.
/// </summary>
public sealed partial class EmailKillTests
{
    private const int AlertedMembers = 3;
    private const int DigestMembers = 6;
    private const int MaxReplies = 150;
    private static readonly string[] AlertedNames = ["Alerted Ana", "Alerted Ben", "Alerted Cyd"];

    /// <summary>A kill leaves an attempt <c>Sending</c>: short enough that the sweep sends it again within the test.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(6);

    /// <summary>The in-process node for the setup only; it stops before the first host process starts (one node at a time).</summary>
    private sealed class Controller(string database) : OCoPApp
    {
        protected override string? SharedDatabase => database;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Discussions:PostsPerMinute"] = "100000",
            ["Discussions:NewMembers:Replies"] = "100000",
            ["Discussions:NewMembers:LinksPerPost"] = "100",
        };
    }

    [Fact]
    public async Task Killing_the_host_twenty_times_while_alerts_and_digests_are_sent_loses_no_email_and_dead_letters_nothing()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("OCOP_EMAIL_KILLS"), out var configured) && configured > 0 ? configured : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("OCOP_EMAIL_KILL_SEED"), out var given) ? given : Environment.TickCount;
        var random = new Random(seed);
        var log = new List<string>();
        void Say(string line)
        {
            log.Add(line);
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        Say($"EmailKillTests: seed {seed} (OCOP_EMAIL_KILL_SEED={seed} repeats the kill moments), {kills} kills");
        var clock = Stopwatch.StartNew();
        var database = await TestServers.CreateDatabaseAsync();
        HostProcess? host = null;
        try
        {
            // --- set-up, through an in-process node ---------------------------------------------------------------
            Guid group;
            int topic;
            string token;
            List<(TestMember Member, DateTimeOffset DueAt)> digested = [];
            List<TestMember> alerted = [];
            await using (var controller = new Controller(database))
            {
                await controller.InitializeAsync();
                var sponsor = await controller.RegisterConfirmedAsync("Kill Sponsor");
                var replier = await controller.RegisterConfirmedAsync("Kill Replier");
                group = await sponsor.CreateForumAsync();
                foreach (var name in AlertedNames)
                {
                    alerted.Add(await controller.RegisterConfirmedAsync(name));
                }

                var digestReaders = new List<TestMember>();
                for (var i = 0; i < DigestMembers; i++)
                {
                    digestReaders.Add(await controller.RegisterConfirmedAsync($"Digest Reader {(char)('A' + i)}"));
                }

                foreach (var member in alerted.Concat(digestReaders).Append(replier))
                {
                    await member.JoinForumAsync(group);
                }

                // Digest readers watch the group: every reply is a WatchedTopicPost, which waits for the daily digest (the default).
                foreach (var reader in digestReaders)
                {
                    await reader.FollowWhenKnownAsync("group", group, "watching");
                }

                topic = await sponsor.StartTopicNumberAsync(group, "Replies under the axe", "Who is here?");
                foreach (var member in alerted.Concat(digestReaders))
                {
                    await member.WaitForEmailKnownAsync();
                }

                foreach (var reader in digestReaders)
                {
                    await reader.WaitForNotificationAsync("watchedTopicPost", "Replies under the axe"); // the digest has news
                }

                token = (await (await replier.Session.PostAsJsonAsync("/api/membership/tokens",
                        new { name = "kills", scopes = new[] { "read", "write" }, expiresInDays = 1 })).JsonAsync())
                    .GetProperty("token").GetString()!;

                // Digests fall due during the kills: two readers a minute, from the first whole minute 45 s away. A digest
                // time is a minute of the day in the reader's zone; the answer says when it is due.
                var first = NextWholeMinute(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(45));
                for (var i = 0; i < digestReaders.Count; i++)
                {
                    var reader = digestReaders[i];
                    var due = first + TimeSpan.FromMinutes(i / 2);
                    var zone = TimeZoneInfo.FindSystemTimeZoneById((await reader.PreferencesAsync()).GetProperty("timeZone").GetString()!);
                    var local = TimeZoneInfo.ConvertTime(due, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
                    var view = await (await reader.SetPreferencesAsync(new { digestTime = local })).JsonAsync();
                    var next = view.GetProperty("nextDailyDigestAt").GetDateTimeOffset();
                    next.ShouldBe(due, $"{reader.DisplayName}'s daily digest at {local} {zone.Id}");
                    digested.Add((reader, next));
                }

                // Registration and confirmation e-mails out first: what follows is the hosts' own work.
                await Eventually.TrueAsync(async () => (await LoadEmailsAsync(controller.ConnectionString)).All(e => e.Status == OutgoingEmailStatus.Sent),
                    "the set-up's e-mails to be sent", TimeSpan.FromMinutes(2));
            }

            Say($"set-up done in {clock.Elapsed.TotalSeconds:0} s; digests due at {string.Join(", ", digested.Select(d => d.DueAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Distinct())} UTC");

            // --- the host process, killed and restarted --------------------------------------------------------------
            var smtp = await TestServers.SmtpAsync();
            // Solo, the default: what a single production host runs (WolverineSetup; Balanced only adds leader election for
            // several nodes). A restarted Solo host recovers every envelope the killed one left, as it does in production.
            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings:Postgres"] = database,
                ["Smtp:Host"] = smtp.Host,
                ["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Site:BaseUrl"] = "http://localhost",
                ["Engagement:StuckEmailSweepMinutes"] = SweepInterval.TotalMinutes.ToString(CultureInfo.InvariantCulture),
                ["Engagement:EmailLeaseSeconds"] = Lease.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["Groups:SweepIntervalMinutes"] = "0",
                ["Discussions:AutoCloseSweepMinutes"] = "0",
                ["Discussions:PostsPerMinute"] = "100000",
                ["Discussions:NewMembers:Replies"] = "100000",
                // Each resolved @mention is a link, and a new member may put only two in a post by default.
                ["Discussions:NewMembers:LinksPerPost"] = "100",
                ["RateLimiting:AccountPermitsPerMinute"] = "100000",
                ["Serilog:MinimumLevel:Default"] = "Warning",
            };
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var acknowledged = new List<int>(); // post numbers of replies the host answered 201 to
            var refused = new List<string>();
            var sent = 0;
            var inFlightAtKills = new List<int>();

            // Replies to the live host until it is killed (or enough were sent). One at a time: the host is slow enough
            // on two shared cores, and its e-mail work lags behind the replies, so kills land in the middle of it.
            async Task ReplyUntilKilledAsync(HostProcess live, int target, TaskCompletionSource reached, CancellationToken stop)
            {
                var acknowledgedHere = 0;
                while (!stop.IsCancellationRequested && Volatile.Read(ref sent) < MaxReplies)
                {
                    var number = Interlocked.Increment(ref sent);
                    var body = $"Kill reply {number:D3} for {string.Join(' ', AlertedNames.Select(n => "@" + n.ToLowerInvariant().Replace(' ', '_')))}";
                    try
                    {
                        var response = await client.PostAsJsonAsync($"{live.Url}{DiscussionsApi.Topic(group, topic)}/posts", new { body }, stop);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var post = (await response.JsonAsync()).GetProperty("number").GetInt32();
                            lock (acknowledged)
                            {
                                acknowledged.Add(post);
                            }

                            if (++acknowledgedHere == target)
                            {
                                reached.TrySetResult();
                            }
                        }
                        else
                        {
                            var problem = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                            lock (refused)
                            {
                                refused.Add(problem);
                            }

                            reached.TrySetException(new InvalidOperationException($"A reply was refused: {problem}"));
                            return;
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException
                                                          or JsonException)
                    {
                        if (!stop.IsCancellationRequested)
                        {
                            // Not killed yet: the host failed or hung on its own, which is what this test is looking for.
                            reached.TrySetException(new InvalidOperationException(
                                $"Reply {number} failed before the kill ({(live.HasExited ? "the host had exited" : "the host was running")}): {exception}\nHost output:\n{live.Output}", exception));
                        }

                        return; // killed mid-request: not acknowledged, so it may or may not exist (at most once)
                    }
                }

                // All MaxReplies are sent (the replies of earlier lives continued until their kills): this life takes fewer
                // than its target, or none, and is killed all the same. Without this the wait below timed out (CI, seed 73511152).
                reached.TrySetResult();
            }

            for (var kill = 1; kill <= kills; kill++)
            {
                var started = Stopwatch.StartNew();
                host = await StartReadyAsync(settings, Say);
                var ready = started.Elapsed;
                using var stop = new CancellationTokenSource();
                // Each life takes 1 to 4 replies (its first answers are slow: a fresh process), then lives a random moment
                // more, while it sends what they caused and what the last host left: then it is killed.
                var target = random.Next(1, 5);
                var acknowledgedBefore = acknowledged.Count;
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var replying = ReplyUntilKilledAsync(host, target, reached, stop.Token);
                if (Volatile.Read(ref sent) < MaxReplies)
                {
                    try
                    {
                        await reached.Task.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
                    }
                    catch (TimeoutException exception)
                    {
                        throw new TimeoutException($"Life {kill} did not take {target} replies in 2 minutes (replies acknowledged {acknowledged.Count}). Host output:\n{host.Output}", exception);
                    }
                }

                var lived = started.Elapsed - ready;
                // The kill moment itself, not a wait for a condition.
                var alive = TimeSpan.FromMilliseconds(random.Next(0, 1500));
                await Task.Delay(alive, TestContext.Current.CancellationToken);
                host.KillHard();
                await stop.CancelAsync();
                await replying;
                await host.DisposeAsync();
                host = null;
                var emails = await LoadEmailsAsync(database);
                var sending = emails.Count(e => e.Status == OutgoingEmailStatus.Sending);
                inFlightAtKills.Add(sending);
                Say($"kill {kill,2}: ready after {ready.TotalSeconds:0.0} s, {acknowledged.Count - acknowledgedBefore} replies ({target} wanted before the kill) in {lived.TotalSeconds:0.0} s, killed {alive.TotalSeconds:0.0} s later; replies acknowledged {acknowledged.Count}; " +
                    $"e-mails Sending {sending}, Pending {emails.Count(e => e.Status == OutgoingEmailStatus.Pending)}, Sent {emails.Count(e => e.Status == OutgoingEmailStatus.Sent)}");
            }

            host = await StartReadyAsync(settings, Say);
            Say($"kills done at {clock.Elapsed.TotalSeconds:0} s; the last host is up");
            refused.ShouldBeEmpty("a reply was refused");
            acknowledged.Count.ShouldBeGreaterThanOrEqualTo(kills, "replies were acknowledged between the kills");

            // --- after the last restart: everything sent, once recorded, nothing given up ---------------------------
            var alertedIds = alerted.Select(m => m.Id).ToHashSet();
            var lastDue = digested.Max(d => d.DueAt);
            List<EmailRecord> records = [];
            string waitingFor = "";
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    records = await LoadEmailsAsync(database);
                    // Skipped is a digest period with nothing new: done, not pending (the readers' own digests must be Sent, below).
                    var unsent = records.Where(e => e.Status is not (OutgoingEmailStatus.Sent or OutgoingEmailStatus.Skipped)).ToList();
                    var alertsByPost = AlertsByPost(records, alertedIds);
                    var missingAlerts = acknowledged.Count(post => !alertsByPost.TryGetValue(post, out var members) || members.Distinct().Count() < AlertedMembers);
                    var digests = records.Count(e => e.Id.StartsWith("digest/", StringComparison.Ordinal) && digested.Any(d => e.MemberId == d.Member.Id));
                    waitingFor = $"{unsent.Count} not sent ({string.Join(", ", unsent.GroupBy(e => e.Status).Select(g => $"{g.Key} {g.Count()}"))}), " +
                                 $"{missingAlerts} acknowledged replies without all their alerts, {digests} of {DigestMembers} digests recorded";
                    return unsent.Count == 0 && missingAlerts == 0 && digests == DigestMembers && DateTimeOffset.UtcNow > lastDue;
                }, "every e-mail sent, every acknowledged reply's alerts and every digest recorded", TimeSpan.FromMinutes(6));
            }
            catch (TimeoutException exception)
            {
                throw new TimeoutException($"{exception.Message} Still: {waitingFor}. Host output:\n{host.Output}", exception);
            }

            // Each record's Message-ID reached the SMTP server; a record sent twice (killed after the server took it)
            // arrives twice with the same Message-ID, which is what at least once allows.
            records = [.. records.Where(e => e.Status == OutgoingEmailStatus.Sent)];
            var delivered = records.Select(e => e.ToAddress).Distinct(StringComparer.OrdinalIgnoreCase)
                .SelectMany(address => smtp.Messages(address).Select(m => m.MessageId)).ToList();
            var deliveredIds = delivered.ToHashSet();
            records.Where(e => e.MessageId is null || !deliveredIds.Contains(e.MessageId)).Select(e => e.Id)
                .ShouldBeEmpty("a record marked Sent whose Message-ID the SMTP server never received");
            records.GroupBy(e => e.MessageId).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("two records with one Message-ID");
            var recordIds = records.Select(e => e.MessageId).ToHashSet();
            var duplicates = delivered.Count(recordIds.Contains) - records.Count;

            // Creation races are idempotent: one alert per reply and alerted member, one digest per reader.
            var alerts = AlertsByPost(records, alertedIds);
            alerts.Where(a => a.Value.Count != a.Value.Distinct().Count()).Select(a => a.Key).ShouldBeEmpty("a reply alerted a member twice");
            foreach (var (member, _) in digested)
            {
                var digest = records.Where(e => e.MemberId == member.Id && e.Id.StartsWith("digest/", StringComparison.Ordinal)).ShouldHaveSingleItem();
                digest.Status.ShouldBe(OutgoingEmailStatus.Sent, $"{member.DisplayName}'s digest");
                smtp.Messages(member.Email).Count(m => (m.Subject ?? "").Contains("daily digest", StringComparison.OrdinalIgnoreCase)).ShouldBeGreaterThan(0);
            }

            var deadLetters = await DeadLettersAsync(database);
            deadLetters.ShouldBeEmpty("messages Wolverine gave up on");

            Say($"EmailKillTests: {kills} kills in {clock.Elapsed.TotalSeconds:0} s (seed {seed}); {acknowledged.Count} replies acknowledged; " +
                $"{records.Count} e-mails recorded and Sent ({records.Count(e => e.Id.StartsWith("alert/", StringComparison.Ordinal))} alerts, " +
                $"{records.Count(e => e.Id.StartsWith("digest/", StringComparison.Ordinal))} digests); {duplicates} delivered twice by SMTP; " +
                $"{records.Count(e => e.Attempts > 1)} sent in more than one attempt; in Sending at the kills: {string.Join(",", inFlightAtKills)} " +
                $"({inFlightAtKills.Count(n => n > 0)} kills with some); 0 dead letters");
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await TestServers.DropDatabaseAsync(database);
            await Console.Out.WriteLineAsync(string.Join('\n', log));
        }
    }

    /// <summary>
    /// Starts the host and waits until it is ready. A host that exits while starting (on a loaded machine its start-up
    /// check of PostgreSQL can time out) is started again, as a supervisor would: that is not what this test is about.
    /// </summary>
    private static async Task<HostProcess> StartReadyAsync(IReadOnlyDictionary<string, string> settings, Action<string> say)
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = HostProcess.Start(settings);
            try
            {
                await host.WaitReadyAsync(TimeSpan.FromMinutes(3));
                return host;
            }
            catch (InvalidOperationException exception) when (attempt < 3)
            {
                say($"the host exited while starting (attempt {attempt}), started again: {exception.Message.Split('\n').Skip(1).FirstOrDefault()}");
                await host.DisposeAsync();
            }
        }
    }

    private static DateTimeOffset NextWholeMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero) + (at.Second > 0 || at.Millisecond > 0 ? TimeSpan.FromMinutes(1) : TimeSpan.Zero);

    /// <summary>The alert records of the alerted members by the number of the post they link to (an alert's link ends with it).</summary>
    private static Dictionary<int, List<Guid>> AlertsByPost(IEnumerable<EmailRecord> records, IReadOnlySet<Guid> alertedIds) =>
        records.Where(e => e.Id.StartsWith("alert/", StringComparison.Ordinal) && e.MemberId is { } m && alertedIds.Contains(m))
            .Select(e => (Post: PostLink().Match(e.TextBody) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1, e.MemberId!.Value))
            .GroupBy(a => a.Post)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Value).ToList());

    [GeneratedRegex(@"/posts/(\d+)\s")]
    private static partial Regex PostLink();

    /// <summary>The outgoing e-mail records as the host stored them, read with SQL: no node of the platform runs beside the host.</summary>
    private sealed record EmailRecord(string Id, Guid? MemberId, OutgoingEmailStatus Status, string ToAddress, string TextBody, string? MessageId, int Attempts);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static async Task<List<EmailRecord>> LoadEmailsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select data from engagement.mt_doc_outgoingemail", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var records = new List<EmailRecord>();
        while (await reader.ReadAsync())
        {
            records.Add(JsonSerializer.Deserialize<EmailRecord>(reader.GetString(0), Json)!);
        }

        return records;
    }

    private static async Task<List<string>> DeadLettersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select format('%s: %s: %s', message_type, exception_type, left(exception_message, 300)) from wolverine.{DatabaseConstants.DeadLetterTable}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var letters = new List<string>();
        while (await reader.ReadAsync())
        {
            letters.Add(reader.GetString(0));
        }

        return letters;
    }
}
