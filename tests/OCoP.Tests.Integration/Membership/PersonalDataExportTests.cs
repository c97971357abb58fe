using System.IO.Compression;
using System.Net;
using System.Text.Json;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Membership;

/// <summary>
/// The complete personal-data export (issue 18, item 8): Membership asks every module, each answers its part, and the
/// member downloads a zip of one JSON file per module, with what each holds about them and no secrets.
/// </summary>
public sealed class PersonalDataExportTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    private static readonly string[] Modules = ["discussions", "engagement", "events", "knowledge", "membership"];

    [Fact]
    public async Task Every_module_answers_the_export_and_the_zip_holds_what_each_keeps_about_the_member()
    {
        var member = await app.RegisterConfirmedAsync("Exported Member");
        var other = await app.RegisterConfirmedAsync("Someone Else");
        var group = await member.CreateForumAsync();
        await member.StartTopicNumberAsync(group, "What we keep about you");
        await app.MessagesHandledAsync(member.Id, "the topic reaching every module");

        var requested = await member.Session.PostAsync("/api/membership/members/me/exports", null);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        var progress = requested.Headers.Location!.ToString();

        // Someone else's export does not exist for another member.
        await (await other.Session.GetAsync(progress)).ProblemAsync(404);

        var status = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            status = await (await member.Session.GetAsync(progress)).JsonAsync();
            return status.GetProperty("complete").GetBoolean();
        }, "every module's answer to the export", TimeSpan.FromSeconds(60));
        status.GetProperty("answered").EnumerateArray().Select(m => m.GetString()).ShouldBe(Modules);
        status.GetProperty("waiting").GetArrayLength().ShouldBe(0);

        var download = await member.Session.GetAsync(status.GetProperty("download").GetString());
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new ZipArchive(await download.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        zip.Entries.Select(e => e.Name).Order().ShouldBe(["discussions.json", "engagement.json", "events.json", "export.json", "knowledge.json", "membership.json"]);

        var membership = Read(zip, "membership.json");
        membership.GetProperty("profile").GetProperty("email").GetString().ShouldBe(member.Email);
        var text = membership.GetRawText();
        text.ShouldNotContain("passwordHash", Case.Insensitive);
        text.ShouldNotContain("securityStamp", Case.Insensitive);
        // The group the member created, and their membership of it.
        text.ShouldContain(group.ToString());

        // Discussions holds the topic they started.
        Read(zip, "discussions.json").GetRawText().ShouldContain("What we keep about you");
    }

    private static JsonElement Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        return JsonDocument.Parse(stream).RootElement.Clone();
    }
}
