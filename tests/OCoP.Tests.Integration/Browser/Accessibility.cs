using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace OCoP.Tests.Integration.Browser;

/// <summary>axe-core, run on the page as it stands: issue 19 asks for no serious or critical violation on any page visited.</summary>
internal static class Accessibility
{
    public static async Task ShouldHaveNoSeriousViolationsAsync(this IPage page)
    {
        var results = await page.RunAxe();
        var serious = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) on {page.Url}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        serious.ShouldBeEmpty();
    }

    /// <summary>Goes to a page and audits it once it has loaded, for the pages a test only passes through.</summary>
    public static async Task GotoAuditedAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.ShouldHaveNoSeriousViolationsAsync();
    }
}
