using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// The platform on real Kestrel on a free loopback port, and Debian's Chromium driven by Playwright. Playwright's own
/// browser download cannot work here: the tests use /usr/bin/chromium (scripts/ensure-chromium.sh installs it).
/// </summary>
public class BrowserApp : OCoPApp
{
    private readonly int port = FreePort();
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    protected override string BaseUrl => $"http://127.0.0.1:{port}";

    public string Url(string path) => BaseUrl + path;

    protected override async Task StartAsync()
    {
        UseKestrel(port);
        StartServer();
        ClientOptions.BaseAddress = new Uri(BaseUrl); // API calls from the tests go to the same Kestrel server
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OCOP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // The machines here have no network but loopback: keep Chromium from calling home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await CleanUpAsync("close Chromium", () => Browser.CloseAsync());
        }

        await CleanUpAsync("stop Playwright", () =>
        {
            playwright?.Dispose();
            return Task.CompletedTask;
        });
        await base.DisposeAsync();
    }

    /// <summary>A phone's width (an iPhone 12 to 15 is 390 CSS pixels wide) and a desktop's, for the layout tests.</summary>
    public const int PhoneWidth = 390;

    public const int DesktopWidth = 1280;

    public async Task<IPage> NewPageAsync(int width = DesktopWidth)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = width == PhoneWidth ? 844 : 900 },
            IsMobile = width == PhoneWidth,
            HasTouch = width == PhoneWidth,
        });
        var page = await context.NewPageAsync();
        // Deadlines, not timings: a fresh host's first page on a loaded 2-core machine (two suites at once) took over 15 s.
        page.SetDefaultTimeout(30_000);
        page.SetDefaultNavigationTimeout(60_000);
        return page;
    }

    /// <summary>
    /// A new browser page signed in as the member. With <paramref name="consoleErrors"/>, every console error of the page
    /// (a Content-Security-Policy violation, a failed script) is collected there, for the test to assert none happened.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(TestMember member, List<string>? consoleErrors = null, int width = DesktopWidth)
    {
        var page = await NewPageAsync(width);
        if (consoleErrors is not null)
        {
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    consoleErrors.Add($"{member.DisplayName} on {page.Url}: {message.Text}");
                }
            };
        }

        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("E-mail address").FillAsync(member.Email);
        await page.GetByLabel("Password").FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        return page;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
