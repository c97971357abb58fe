using System.Collections.Concurrent;
using System.Reflection;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.v3;

[assembly: OCoP.Tests.Integration.Browser.AxeAuditAfterEachTest]

namespace OCoP.Tests.Integration.Browser;

/// <summary>
/// axe-core, run on the page as it stands: issue 19 asks for no serious or critical violation on any page visited by any
/// browser test. Tests may call <see cref="ShouldHaveNoSeriousViolationsAsync"/> at a moment they choose (a form after
/// its refusal); <see cref="AxeAudit"/> also audits every page they leave and the page they end on, without their help.
/// </summary>
internal static class Accessibility
{
    public static async Task ShouldHaveNoSeriousViolationsAsync(this IPage page) =>
        (await SeriousViolationsAsync(page)).ShouldBeEmpty();

    internal static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var results = await page.RunAxe();
        return results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) on {page.Url}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
    }
}

/// <summary>
/// Every page a browser test opens (<see cref="BrowserApp.NewPageAsync"/>) is audited by axe-core on each document it
/// leaves: its next navigation request is held until axe has run on the document still shown, so no page escapes by being
/// left quickly; a serious or critical violation fails the test (<see cref="AxeAuditAfterEachTestAttribute"/>). The
/// document each test ends on is audited when its <see cref="BrowserApp"/> is disposed, which then fails the test class.
/// </summary>
internal sealed class AxeAudit
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> ViolationsByTest = new();
    private static readonly TimeSpan AuditTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<(string Test, IPage Page)> pages = new();

    public async Task WatchAsync(IPage page)
    {
        var test = TestContext.Current.Test;
        if (test is null)
        {
            return;
        }

        pages.Enqueue((test.TestDisplayName, page));
        var violations = ViolationsByTest.GetOrAdd(test.UniqueID, _ => new ConcurrentQueue<string>());
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.IsNavigationRequest && route.Request.Frame == page.MainFrame)
            {
                foreach (var violation in await AuditAsync(page))
                {
                    violations.Enqueue(violation);
                }
            }

            await route.FallbackAsync();
        });
    }

    /// <summary>
    /// After each test: what axe found on the pages it left. Synchronous and without a browser call: xUnit runs this on
    /// one of its own threads, and blocking it on Playwright hung the run.
    /// </summary>
    public static void Finish(string test)
    {
        if (ViolationsByTest.TryRemove(test, out var violations))
        {
            violations.Distinct().ToList().ShouldBeEmpty("axe-core on the pages this test visited");
        }
    }

    /// <summary>The documents the tests ended on, audited when the fixture ends (still open: tests rarely close their pages).</summary>
    public async Task<IReadOnlyList<string>> AuditLastPagesAsync()
    {
        var found = new List<string>();
        foreach (var (test, page) in pages)
        {
            found.AddRange((await AuditAsync(page)).Select(v => $"{test}: {v}"));
        }

        return found.Distinct().ToList();
    }

    private static async Task<IReadOnlyList<string>> AuditAsync(IPage page)
    {
        if (page.IsClosed || !page.Url.StartsWith("http", StringComparison.Ordinal))
        {
            return []; // closed, or about:blank before the first page
        }

        try
        {
            // Bounded: a browser that stops answering fails the test with this message instead of hanging the run.
            return await page.EvaluateAsync<string>("() => document.contentType").WaitAsync(AuditTimeout) == "text/html"
                ? await Accessibility.SeriousViolationsAsync(page).WaitAsync(AuditTimeout)
                : []; // a feed, a file, a JSON document
        }
        catch (PlaywrightException) when (page.IsClosed)
        {
            return []; // closed by the test meanwhile
        }
        catch (TimeoutException)
        {
            return [$"axe-core did not finish on {page.Url} within {AuditTimeout.TotalSeconds} s"];
        }
    }
}

/// <summary>Applied to the whole test assembly: a no-op for tests that open no browser page.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class AxeAuditAfterEachTestAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test) => AxeAudit.Finish(test.UniqueID);
}
