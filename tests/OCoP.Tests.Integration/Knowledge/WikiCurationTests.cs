using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Knowledge.Curation;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>The weekly stale-page summary to a group's curators (by e-mail, through Engagement) and the zip export of a wiki.</summary>
public sealed class WikiCurationTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task The_stale_page_summary_is_e_mailed_to_curators_only_once_per_period()
    {
        var sponsor = await app.RegisterConfirmedAsync("Summary Sponsor");
        var expert = await app.RegisterConfirmedAsync("Summary Expert");
        var contributor = await app.RegisterConfirmedAsync("Summary Contributor");
        var group = await sponsor.CreateWikiGroupAsync();
        await expert.JoinWithRolesAsync(sponsor, group, "DomainExpert");
        await contributor.JoinWithRolesAsync(sponsor, group, "Contributor");
        await sponsor.CreatePageSlugAsync(group, "Old practice notes");
        foreach (var member in new[] { sponsor, expert, contributor })
        {
            await app.MessagesHandledAsync(member.Id, "the members' addresses and roles");
        }

        // A run as if a year had passed: every page of this group is stale. Sent twice, it e-mails once.
        await app.WorkDoneAsync(() => SummariseAsync(-365));
        await app.WorkDoneAsync(() => SummariseAsync(-365));

        var mail = await app.Smtp.WaitForMessageAsync(expert.Email, "due for review");
        mail.TextBody!.ShouldContain("Old practice notes");
        mail.TextBody!.ShouldContain("/wiki/old-practice-notes");
        (await app.Smtp.WaitForMessageAsync(sponsor.Email, "due for review")).ShouldNotBeNull();
        app.Smtp.Messages(expert.Email).Count(m => (m.Subject ?? "").Contains("due for review")).ShouldBe(1);
        app.Smtp.Messages(contributor.Email).ShouldNotContain(m => (m.Subject ?? "").Contains("due for review"));
    }

    /// <summary>One pass of the summary now, with a review period that makes pages of any age stale.</summary>
    private async Task SummariseAsync(int reviewAfterDays)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new StaleSummaryHandler.SummariseStalePages(reviewAfterDays));
    }

    [Fact]
    public async Task The_wiki_exports_as_a_zip_of_markdown_files_with_links_and_an_index()
    {
        var sponsor = await app.RegisterConfirmedAsync("Export Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var top = await sponsor.CreatePageSlugAsync(group, "Handbook", "Start with [[First steps|the first steps]] and [[Unwritten page]].");
        await sponsor.CreatePageSlugAsync(group, "First steps", "Say hello.", parent: top);

        var response = await app.CreateSession().GetAsync($"/api/knowledge/groups/{group}/wiki-export");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        zip.Entries.Select(e => e.FullName).Order().ShouldBe(["index.md", "pages/first-steps.md", "pages/handbook.md"]);
        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        Read("pages/handbook.md").ShouldContain("[the first steps](first-steps.md) and [Unwritten page](unwritten-page.md)");
        Read("index.md").ShouldContain("- [Handbook](pages/handbook.md)\n  - [First steps](pages/first-steps.md)");

        var secret = await sponsor.CreateWikiGroupAsync("Secret");
        (await app.CreateSession().GetAsync($"/api/knowledge/groups/{secret}/wiki-export")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
