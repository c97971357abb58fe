using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Email;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// One e-mail path (docs/adr/0013): Membership's account e-mails are recorded by Engagement, then sent; a 5xx answer is
/// recorded as Failed at once and a 4xx one is tried again. The host sends to its own real SMTP server (aiosmtpd, like
/// the shared one), which answers 550 for recipients at rejected.test and 451 the first time for each at busy.test.
/// </summary>
public sealed class EmailDeliveryTests(EmailDeliveryTests.PickySmtpApp app) : IClassFixture<EmailDeliveryTests.PickySmtpApp>
{
    [Fact]
    public async Task An_account_confirmation_is_recorded_then_sent()
    {
        var email = Members.NewEmail("recorded");
        var memberId = await RegisterAsync(email);

        var record = await WaitForRecordAsync(memberId, e => e.Status == OutgoingEmailStatus.Sent);
        record.Purpose.ShouldBe("AccountConfirmation");
        record.ToAddress.ShouldBe(email);
        record.Attempts.ShouldBe(1);
        (await app.Picky.WaitForMessageAsync(email, "Confirm your e-mail")).TextBody!.ShouldContain("/account/confirm?member=");
    }

    [Fact]
    public async Task An_address_the_server_refuses_for_good_is_recorded_as_failed_and_not_tried_again()
    {
        var refused = $"nobody-{Guid.NewGuid():N}@rejected.test";
        var memberId = await RegisterAsync(refused);

        var record = await WaitForRecordAsync(memberId, e => e.Status == OutgoingEmailStatus.Failed);
        record.LastError.ShouldNotBeNull().ShouldStartWith("550");
        record.LastError.ShouldContain("No such mailbox here");
        record.Attempts.ShouldBe(1);

        // Later e-mails still go out; the refused one was asked for once and never again (a retry would come after 1 s).
        var later = Members.NewEmail("later");
        await RegisterAsync(later);
        await app.Picky.WaitForMessageAsync(later, "Confirm your e-mail");
        await Eventually.TrueAsync(async () => (await LoadAsync(record.Id)).Attempts == 1 && app.Refusals(refused) == 1,
            "the refused e-mail left alone", TimeSpan.FromSeconds(3));
        (await LoadAsync(record.Id)).Status.ShouldBe(OutgoingEmailStatus.Failed);
    }

    [Fact]
    public async Task A_temporary_refusal_is_tried_again_and_then_sent()
    {
        var busy = $"patient-{Guid.NewGuid():N}@busy.test";
        var memberId = await RegisterAsync(busy);

        var record = await WaitForRecordAsync(memberId, e => e.Status == OutgoingEmailStatus.Sent, TimeSpan.FromSeconds(90));
        record.Attempts.ShouldBe(2);
        record.LastError.ShouldNotBeNull().ShouldStartWith("451");
        (await app.Picky.WaitForMessageAsync(busy, "Confirm your e-mail")).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("jöns@example.org")]
    [InlineData("ann@exämple.org")]
    [InlineData("用户@example.org")]
    public async Task Registering_an_address_with_non_ASCII_characters_is_refused_with_a_field_error(string address)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/membership/account/register",
            new { email = address, password = Members.Password, displayName = "Unicode Reader" }, TestContext.Current.CancellationToken);
        var problem = await response.ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["email"]);
        problem.GetProperty("errors").GetProperty("email")[0].GetString()!.ShouldContain("ASCII");
    }

    private async Task<Guid> RegisterAsync(string email)
    {
        var registered = await app.CreateClient().PostAsJsonAsync("/api/membership/account/register",
            new { email, password = Members.Password, displayName = "Mail Reader" }, TestContext.Current.CancellationToken);
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await registered.Content.ReadFromJsonAsync<Registered>(TestContext.Current.CancellationToken))!.MemberId;
    }

    private async Task<OutgoingEmail> WaitForRecordAsync(Guid memberId, Func<OutgoingEmail, bool> condition, TimeSpan? timeout = null)
    {
        OutgoingEmail? found = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var session = app.Services.GetRequiredService<IEngagementStore>().QuerySession();
            var records = await session.Query<OutgoingEmail>().Where(e => e.MemberId == memberId).ToListAsync();
            return (found = records.FirstOrDefault(condition)) is not null;
        }, "the e-mail's record", timeout ?? TimeSpan.FromSeconds(60));
        return found!;
    }

    private async Task<OutgoingEmail> LoadAsync(string id)
    {
        await using var session = app.Services.GetRequiredService<IEngagementStore>().QuerySession();
        return (await session.LoadAsync<OutgoingEmail>(id))!;
    }

    private sealed record Registered(Guid MemberId);

    /// <summary>The platform, sending to an SMTP server of its own that refuses some recipients.</summary>
    public sealed class PickySmtpApp : OCoPApp
    {
        private const string Script = """
            import asyncio, sys
            from aiosmtpd.controller import Controller
            from aiosmtpd.handlers import Mailbox

            class Picky(Mailbox):
                def __init__(self, maildir, log):
                    super().__init__(maildir)
                    self.log = log
                    self.deferred = set()

                async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                    domain = address.rpartition('@')[2].lower()
                    if domain == 'rejected.test':
                        self.note('550', address)
                        return '550 5.1.1 No such mailbox here'
                    if domain == 'busy.test' and address.lower() not in self.deferred:
                        self.deferred.add(address.lower())
                        self.note('451', address)
                        return '451 4.3.0 Mailbox busy, try again later'
                    envelope.rcpt_tos.append(address)
                    return '250 OK'

                def note(self, code, address):
                    with open(self.log, 'a') as log:
                        log.write(f'{code} {address}\n')

            controller = Controller(Picky(sys.argv[2], sys.argv[3]), hostname='127.0.0.1', port=int(sys.argv[1]))
            controller.start()
            print('ready', flush=True)
            sys.stdin.read()
            controller.stop()
            """;

        private readonly string directory = Path.Combine(Path.GetTempPath(), $"ocop-picky-smtp-{Guid.NewGuid():N}");
        private Process? server;

        internal SmtpServer Picky { get; private set; } = null!;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Smtp:Host"] = Picky.Host,
            ["Smtp:Port"] = Picky.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        protected override async Task StartAsync()
        {
            var maildir = Path.Combine(directory, "mail");
            foreach (var folder in new[] { "cur", "new", "tmp" })
            {
                Directory.CreateDirectory(Path.Combine(maildir, folder));
            }

            var script = Path.Combine(directory, "picky_smtp.py");
            await File.WriteAllTextAsync(script, Script);
            var port = FreePort();
            server = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-I", script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), maildir,
                Path.Combine(directory, "refusals.log")])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
            })!;
            var ready = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            ready.ShouldBe("ready", "the picky SMTP server did not start (is python3-aiosmtpd installed?)");
            Picky = new SmtpServer("127.0.0.1", port, maildir);
            await base.StartAsync();
        }

        /// <summary>How often the server refused <paramref name="address"/>.</summary>
        public int Refusals(string address)
        {
            var log = Path.Combine(directory, "refusals.log");
            return File.Exists(log) ? File.ReadLines(log).Count(line => line.EndsWith(" " + address, StringComparison.OrdinalIgnoreCase)) : 0;
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (server is { HasExited: false })
            {
                server.StandardInput.Close(); // the script stops its server when its input ends
                if (!server.WaitForExit(5000))
                {
                    server.Kill();
                }
            }

            server?.Dispose();
            await CleanUpAsync("remove the picky SMTP server's files", () =>
            {
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            });
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
