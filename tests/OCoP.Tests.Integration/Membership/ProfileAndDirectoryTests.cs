using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Infrastructure;
using SkiaSharp;

namespace OCoP.Tests.Integration.Membership;

public sealed class ProfileAndDirectoryTests(SharedOCoPApp app)
{
    [Fact]
    public async Task Editing_the_profile_saves_normalised_tags_and_publishes_the_change()
    {
        var member = await app.RegisterConfirmedAsync("Grace");
        var edited = await (await member.Session.PutJsonAsync("/api/membership/members/me", new
        {
            displayName = "  Grace Hopper ",
            bio = "Teaches compilers.",
            expertise = new[] { "COBOL", " compilers", "cobol" },
            interests = new[] { "Mentoring" },
            timeZone = "America/New_York",
        })).JsonAsync();

        edited.GetProperty("displayName").GetString().ShouldBe("Grace Hopper");
        edited.GetProperty("expertise").EnumerateArray().Select(e => e.GetString()).ShouldBe(["cobol", "compilers"]);

        var me = await (await member.Session.GetAsync("/api/membership/members/me")).JsonAsync();
        me.GetProperty("bio").GetString().ShouldBe("Teaches compilers.");
        me.GetProperty("timeZone").GetString().ShouldBe("America/New_York");

        var changed = await MemberEventsProbe.WaitForAsync<MemberProfileChanged>(e => e.MemberId == member.Id);
        changed.DisplayName.ShouldBe("Grace Hopper");
        changed.Interests.ShouldBe(["mentoring"]);
    }

    [Fact]
    public async Task An_invalid_profile_edit_names_each_bad_field_and_changes_nothing()
    {
        var member = await app.RegisterConfirmedAsync("Unchanged");
        var problem = await (await member.Session.PutJsonAsync("/api/membership/members/me", new
        {
            displayName = "",
            bio = new string('b', 2001),
            expertise = Enumerable.Range(0, 21).Select(i => $"tag{i}").ToArray(),
            timeZone = "Mars/Olympus_Mons",
        })).ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["bio", "displayName", "expertise", "timeZone"]);

        var me = await (await member.Session.GetAsync("/api/membership/members/me")).JsonAsync();
        me.GetProperty("displayName").GetString().ShouldBe("Unchanged");
    }

    [Fact]
    public async Task The_directory_finds_members_by_name_expertise_and_interest_and_pages_without_repeats()
    {
        var tag = $"t{Guid.NewGuid():N}"[..12];
        var viewer = await app.RegisterConfirmedAsync("Viewer");
        foreach (var name in new[] { "Zoe Quill", "Amir Quill", "Mia Stone" })
        {
            var member = await app.RegisterConfirmedAsync(name);
            (await member.Session.PutJsonAsync("/api/membership/members/me", new
            {
                displayName = name,
                expertise = name.EndsWith("Quill") ? new[] { tag } : [],
                interests = new[] { tag + "-interest" },
            })).EnsureSuccessStatusCode();
        }

        var byExpertise = await (await viewer.Session.GetAsync($"/api/membership/members?expertise={tag.ToUpperInvariant()}")).JsonAsync();
        byExpertise.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("displayName").GetString())
            .ShouldBe(["Amir Quill", "Zoe Quill"]); // sorted by name

        var byInterest = await (await viewer.Session.GetAsync($"/api/membership/members?interest={tag}-interest")).JsonAsync();
        byInterest.GetProperty("items").GetArrayLength().ShouldBe(3);

        var byName = await (await viewer.Session.GetAsync($"/api/membership/members?q=quil&interest={tag}-interest")).JsonAsync();
        byName.GetProperty("items").GetArrayLength().ShouldBe(2);

        // Page through one at a time: every member once, in order, and the last page has no cursor.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await viewer.Session.GetAsync($"/api/membership/members?interest={tag}-interest&limit=1" + (cursor is null ? "" : $"&cursor={cursor}"))).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("displayName").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == System.Text.Json.JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);

        seen.ShouldBe(["Amir Quill", "Mia Stone", "Zoe Quill"]);
    }

    [Fact]
    public async Task A_cursor_the_server_did_not_issue_and_an_out_of_range_limit_are_400s()
    {
        var viewer = await app.RegisterConfirmedAsync("Curious");
        (await (await viewer.Session.GetAsync("/api/membership/members?cursor=not-a-cursor")).ProblemAsync(400)).ErrorFields().ShouldBe(["cursor"]);
        (await (await viewer.Session.GetAsync("/api/membership/members?limit=1000")).ProblemAsync(400)).ErrorFields().ShouldBe(["limit"]);
    }

    [Fact]
    public async Task A_public_profile_is_visible_to_members_and_an_unknown_one_is_404()
    {
        var viewer = await app.RegisterConfirmedAsync("Looker");
        var other = await app.RegisterConfirmedAsync("Seen");
        var profile = await (await viewer.Session.GetAsync($"/api/membership/members/{other.Id}")).JsonAsync();
        profile.GetProperty("displayName").GetString().ShouldBe("Seen");
        profile.TryGetProperty("email", out _).ShouldBeFalse(); // e-mail addresses are private

        await (await viewer.Session.GetAsync($"/api/membership/members/{Guid.NewGuid()}")).ProblemAsync(404);
    }

    [Fact]
    public async Task An_uploaded_avatar_is_stored_as_a_256_pixel_square_png()
    {
        var member = await app.RegisterConfirmedAsync("Pictured");
        var upload = new MultipartFormDataContent { { Image(640, 480), "avatar", "me.png" } };
        (await member.Session.PutAsync("/api/membership/members/me/avatar", upload)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await member.Session.GetAsync($"/api/membership/members/{member.Id}/avatar");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        using var stored = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        stored.Width.ShouldBe(256);
        stored.Height.ShouldBe(256);

        var me = await (await member.Session.GetAsync("/api/membership/members/me")).JsonAsync();
        me.GetProperty("hasAvatar").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_as_an_avatar()
    {
        var member = await app.RegisterConfirmedAsync("NotPictured");
        var content = new ByteArrayContent("<script>alert(1)</script>"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var problem = await (await member.Session.PutAsync("/api/membership/members/me/avatar", new MultipartFormDataContent { { content, "avatar", "x.png" } }))
            .ProblemAsync(400);
        problem.ErrorFields().ShouldBe(["avatar"]);
        await (await member.Session.GetAsync($"/api/membership/members/{member.Id}/avatar")).ProblemAsync(404);
    }

    private static ByteArrayContent Image(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.CornflowerBlue);
        }

        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 90);
        var content = new ByteArrayContent(data.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}
