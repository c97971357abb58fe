using System.Net;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>Files attached to pages, posts and resources: stored in PostgreSQL, typed by content, limited in size, served safely.</summary>
public sealed class FileTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    private static readonly byte[] Png = FilesApi.Png;

    private static string Files(Guid group) => FilesApi.Files(group);

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid group, byte[] content, string fileName, string target, string targetId,
        string claimedType = "application/octet-stream") => FilesApi.UploadAsync(client, group, content, fileName, target, targetId, claimedType);

    [Fact]
    public async Task A_file_attached_to_a_page_is_served_as_an_attachment_of_the_type_its_content_shows()
    {
        var sponsor = await app.RegisterConfirmedAsync("File Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var slug = await sponsor.CreatePageSlugAsync(group, "Handouts");

        var response = await UploadAsync(sponsor.Session, group, Png, "../../etc/<diagram>.png", "WikiPage", slug, claimedType: "text/html");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var uploaded = await response.JsonAsync();
        uploaded.GetProperty("fileName").GetString().ShouldBe("diagram.png");
        uploaded.GetProperty("contentType").GetString().ShouldBe("image/png");
        uploaded.GetProperty("length").GetInt64().ShouldBe(Png.Length);

        var download = await app.CreateSession().GetAsync(uploaded.GetProperty("url").GetString());
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        download.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe("diagram.png");
        download.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");

        var listed = await sponsor.Session.ItemsAsync($"{Files(group)}?target=WikiPage&targetId={slug}");
        listed.Select(f => f.GetProperty("id").GetGuid()).ShouldBe([uploaded.GetProperty("id").GetGuid()]);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_a_refused_type_is_415_and_nothing_is_stored()
    {
        var sponsor = await app.RegisterConfirmedAsync("File Limit Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var post = await sponsor.PostIdAsync(group, "With attachments");

        var tooLarge = new byte[3 * 1024 * 1024 + 1];
        "%PDF-"u8.CopyTo(tooLarge);
        await (await UploadAsync(sponsor.Session, group, tooLarge, "big.pdf", "BlogPost", post.ToString())).ProblemAsync(413);
        var executable = "MZ\u0090\0\u0003\0\0\0"u8.ToArray().Concat(new byte[100]).ToArray();
        await (await UploadAsync(sponsor.Session, group, executable, "setup.pdf", "BlogPost", post.ToString(), "application/pdf")).ProblemAsync(415);
        (await (await UploadAsync(sponsor.Session, group, Png, "a.png", "BlogPost", Guid.NewGuid().ToString())).ProblemAsync(400)).ErrorFields()
            .ShouldBe(["targetId"]);

        (await sponsor.Session.ItemsAsync(Files(group))).ShouldBeEmpty();
        var text = await UploadAsync(sponsor.Session, group, "Agenda:\n- welcome\n"u8.ToArray(), "agenda.txt", "BlogPost", post.ToString());
        (await text.JsonAsync()).GetProperty("contentType").GetString().ShouldBe("text/plain; charset=utf-8");
    }

    [Fact]
    public async Task A_non_member_gets_the_same_404_for_a_members_only_groups_file_as_for_a_missing_one()
    {
        var sponsor = await app.RegisterConfirmedAsync("File Private Sponsor");
        var reader = await app.RegisterConfirmedAsync("File Private Reader");
        var outsider = await app.RegisterConfirmedAsync("File Private Outsider");
        var group = await sponsor.CreateWikiGroupAsync("MembersOnly");
        await reader.JoinWithRolesAsync(sponsor, group, "Reader");
        var resource = await sponsor.ResourceIdAsync(group, "Members' guide");
        var uploaded = await (await UploadAsync(sponsor.Session, group, Png, "guide.png", "Resource", resource.ToString())).JsonAsync();
        var url = uploaded.GetProperty("url").GetString()!;

        (await reader.Session.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await UploadAsync(reader.Session, group, Png, "mine.png", "Resource", resource.ToString())).ProblemAsync(403);

        var missing = await (await outsider.Session.GetAsync($"{Files(group)}/{Guid.NewGuid()}")).ProblemAsync(404);
        foreach (var client in new[] { outsider.Session, app.CreateSession() })
        {
            var refused = await (await client.GetAsync(url)).ProblemAsync(404);
            refused.GetProperty("title").GetString().ShouldBe(missing.GetProperty("title").GetString());
            refused.GetProperty("detail").GetString().ShouldBe(missing.GetProperty("detail").GetString());
        }
    }
}
