using System.Net;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Search;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>
/// Authors and facilitators remove blog posts, comments, resources and files: afterwards each is a 404 and out of search;
/// other members get 403 and nothing changes.
/// </summary>
public sealed class KnowledgeDeletionTests(SharedOCoPApp app)
{
    [Fact]
    public async Task An_author_or_a_facilitator_removes_a_post_and_a_comment_and_others_may_not()
    {
        var sponsor = await app.RegisterConfirmedAsync("Removal Sponsor");
        var author = await app.RegisterConfirmedAsync("Removal Author");
        var other = await app.RegisterConfirmedAsync("Removal Other");
        var group = await sponsor.CreateWikiGroupAsync();
        await author.JoinWithRolesAsync(sponsor, group, "Contributor");
        await other.JoinWithRolesAsync(sponsor, group, "Contributor");
        var word = SearchApi.Word();
        var post = await author.PostIdAsync(group, $"Notes on {word}");
        var comment = (await (await other.Session.CommentAsync(group, post, "A first thought.")).JsonAsync()).GetProperty("id").GetGuid();
        (await author.Session.CommentAsync(group, post, "A reply.", comment)).EnsureSuccessStatusCode();
        var kept = (await (await author.Session.CommentAsync(group, post, "Another thought.")).JsonAsync()).GetProperty("id").GetGuid();
        var file = await (await FilesApi.UploadAsync(author.Session, group, FilesApi.Png, "chart.png", "BlogPost", post.ToString())).JsonAsync();
        await app.CreateSession().EventuallyResultsAsync(word, r => r.Count == 1, "the post in search");

        // Someone else's comment and post: 403, nothing removed.
        await (await author.Session.DeleteAsync($"{BlogApi.Post(group, post)}/comments/{comment}")).ProblemAsync(403);
        await (await other.Session.DeleteAsync(BlogApi.Post(group, post))).ProblemAsync(403);
        (await author.Session.ItemsAsync($"{BlogApi.Post(group, post)}/comments")).Count.ShouldBe(3);

        // Its author removes a top-level comment, and its reply goes with it.
        (await other.Session.DeleteAsync($"{BlogApi.Post(group, post)}/comments/{comment}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var left = await author.Session.ItemsAsync($"{BlogApi.Post(group, post)}/comments");
        left.Select(c => c.GetProperty("id").GetGuid()).ShouldBe([kept]);
        (await other.Session.DeleteAsync($"{BlogApi.Post(group, post)}/comments/{comment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A facilitator removes the post: its comments and file with it, and it leaves search.
        (await sponsor.Session.DeleteAsync(BlogApi.Post(group, post))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await author.Session.GetAsync(BlogApi.Post(group, post))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await author.Session.GetAsync($"{BlogApi.Post(group, post)}/comments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await author.Session.GetAsync(file.GetProperty("url").GetString())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await author.Session.ItemsAsync(BlogApi.Posts(group))).ShouldBeEmpty();
        await app.CreateSession().EventuallyResultsAsync(word, r => r.Count == 0, "the removed post out of search");
    }

    [Fact]
    public async Task A_submitter_or_a_facilitator_removes_a_resource_and_an_uploader_a_file()
    {
        var sponsor = await app.RegisterConfirmedAsync("Resource Removal Sponsor");
        var submitter = await app.RegisterConfirmedAsync("Resource Removal Submitter");
        var other = await app.RegisterConfirmedAsync("Resource Removal Other");
        var group = await sponsor.CreateWikiGroupAsync();
        await submitter.JoinWithRolesAsync(sponsor, group, "Contributor");
        await other.JoinWithRolesAsync(sponsor, group, "Contributor");
        var word = SearchApi.Word();
        var resource = await submitter.ResourceIdAsync(group, $"Guide to {word}");
        var kept = await submitter.ResourceIdAsync(group, "A guide that stays");
        (await other.Session.RateAsync(group, resource, 4)).EnsureSuccessStatusCode();
        var first = await (await FilesApi.UploadAsync(submitter.Session, group, FilesApi.Png, "one.png", "Resource", resource.ToString())).JsonAsync();
        var second = await (await FilesApi.UploadAsync(submitter.Session, group, FilesApi.Png, "two.png", "Resource", kept.ToString())).JsonAsync();
        await app.CreateSession().EventuallyResultsAsync(word, r => r.Count == 1, "the resource in search");

        await (await other.Session.DeleteAsync(ResourceApi.Resource(group, resource))).ProblemAsync(403);
        await (await other.Session.DeleteAsync(second.GetProperty("url").GetString())).ProblemAsync(403);
        (await submitter.Session.TitlesAsync(group)).Length.ShouldBe(2);

        // The uploader removes a file; the resource it was attached to stays.
        (await submitter.Session.DeleteAsync(second.GetProperty("url").GetString())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await submitter.Session.GetAsync(second.GetProperty("url").GetString())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await submitter.Session.ItemsAsync($"{FilesApi.Files(group)}?target=Resource&targetId={kept}")).ShouldBeEmpty();

        // The submitter removes the resource: its file goes with it, and it leaves search.
        (await submitter.Session.DeleteAsync(ResourceApi.Resource(group, resource))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await submitter.Session.GetAsync(ResourceApi.Resource(group, resource))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await submitter.Session.GetAsync(first.GetProperty("url").GetString())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await submitter.Session.TitlesAsync(group)).ShouldBe(["A guide that stays"]);
        (await sponsor.Session.DeleteAsync(ResourceApi.Resource(group, resource))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await app.CreateSession().EventuallyResultsAsync(word, r => r.Count == 0, "the removed resource out of search");

        // A facilitator removes another's resource.
        (await sponsor.Session.DeleteAsync(ResourceApi.Resource(group, kept))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await submitter.Session.TitlesAsync(group)).ShouldBeEmpty();
    }
}
