using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace OCoP.Tests.Integration.Infrastructure;

/// <summary>
/// The whole platform, as Program.cs builds it, on its own fresh PostgreSQL database, sending e-mail to the real SMTP
/// server process. One per test class (IClassFixture): test classes run in parallel without sharing data.
/// </summary>
public class OCoPApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    internal SmtpServer Smtp { get; private set; } = null!;
    public MovableClock Clock { get; } = new();

    /// <summary>Where links in e-mails point.</summary>
    protected virtual string BaseUrl => "http://localhost";

    /// <summary>Another host's database, to start this host on it (a restart); that host's owner drops it. Null: a fresh one.</summary>
    protected virtual string? SharedDatabase => null;

    /// <summary>Extra settings for a fixture (for example a tighter rate limit).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        ConnectionString = SharedDatabase ?? await TestServers.CreateDatabaseAsync();
        Smtp = await TestServers.SmtpAsync();
        await StartAsync();
    }

    /// <summary>Starts the host now, so that a start-up failure fails the fixture clearly.</summary>
    protected virtual Task StartAsync()
    {
        _ = Server;
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await CleanUpAsync("stop the host", () => base.DisposeAsync().AsTask());
        GC.SuppressFinalize(this);
        if (ConnectionString.Length > 0 && SharedDatabase is null)
        {
            await CleanUpAsync("drop the test database", () => TestServers.DropDatabaseAsync(ConnectionString));
        }
    }

    /// <summary>
    /// Runs one clean-up step. A failure is written to the test output's error stream, in full, and the remaining
    /// steps still run: clean-up is not the behaviour under test, but what went wrong must stay visible.
    /// </summary>
    protected async Task CleanUpAsync(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"[{GetType().Name}] could not {step}: {exception}");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Smtp:Host"] = Smtp.Host,
            ["Smtp:Port"] = Smtp.Port.ToString(),
            ["Site:BaseUrl"] = BaseUrl,
            ["RateLimiting:AccountPermitsPerMinute"] = "100000",
            ["Groups:SweepIntervalMinutes"] = "0", // tests send the sweeps themselves, at the time they choose
            ["Discussions:AutoCloseSweepMinutes"] = "0",
            ["Engagement:StuckEmailSweepMinutes"] = "0",
            ["Audit:PruneIntervalHours"] = "0",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            // The host's handlers load from the committed pre-generated code; only the probes below are compiled (docs/adr/0044).
            ["Wolverine:CodeGeneration"] = "Auto",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddWolverineRuntimeCompilation(); // Roslyn for the probes below only (Auto mode)
            // The same PBKDF2 hashing, at a test's work factor: each registration and sign-in hashes a password, and the
            // production factor (100,000 rounds) made hashing alone cost tests minutes of CPU. The factor is stored in
            // each hash, so nothing else changes.
            services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(options => options.IterationCount = 1_000);
            services.ConfigureWolverine(options => options.Discovery.IncludeType(typeof(MemberEventsProbe)));
            services.ConfigureWolverine(options => options.Discovery.IncludeType(typeof(Discussions.DiscussionEventsProbe)));
            services.ConfigureWolverine(options => options.Discovery.IncludeType(typeof(Engagement.PrivateMessageEventsProbe)));
            ConfigureTestServices(services);
        });
    }

    /// <summary>Services a fixture adds on top of the platform's own.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// A client that keeps cookies (a browser session) and does not follow redirects. Like a browser on the site's own
    /// pages, it sends the site's Origin, which cookie-signed API changes require (docs/adr/0027-api-csrf.md).
    /// </summary>
    public HttpClient CreateSession()
    {
        var session = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });
        session.DefaultRequestHeaders.TryAddWithoutValidation("Origin", session.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return session;
    }
}

/// <summary>Real time plus an offset a test can move forward: expiry without waiting, and nothing else stops.</summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Offset { get; private set; }

    public void Advance(TimeSpan by) => Offset += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
