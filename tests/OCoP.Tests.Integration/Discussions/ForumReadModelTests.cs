using JasperFx.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OCoP.Modules.Discussions;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;
using Wolverine.Tracking;

namespace OCoP.Tests.Integration.Discussions;

/// <summary>
/// The forum's copy of a group is written by several Membership events that arrive in any order and at the same time.
/// None of them may overwrite another's part, and none may fail for good.
/// </summary>
public sealed class ForumReadModelTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task Group_events_arriving_together_all_reach_the_forum()
    {
        var bus = app.Services.GetRequiredService<IMessageBus>();
        var now = DateTimeOffset.UtcNow;
        var groups = Enumerable.Range(1, 12).Select(i => (Id: Guid.CreateVersion7(), Slug: $"race-{i}-{Guid.NewGuid():N}"[..20])).ToList();

        // Each group's creation, status and code of conduct are published at once, the way Membership's outbox may
        // deliver them; the three handlers all start from "no document yet".
        await Task.WhenAll(groups.SelectMany(g => new[]
        {
            bus.PublishAsync(new GroupCreated(g.Id, g.Slug, $"Race {g.Slug}", GroupVisibility.Public, Guid.NewGuid(), now)).AsTask(),
            bus.PublishAsync(new GroupCodeOfConductPublished(g.Id, 2, ["Be kind.", "Stay on topic."], now)).AsTask(),
            bus.PublishAsync(new GroupStatusChanged(g.Id, GroupStatus.Dormant, now)).AsTask(),
        }));

        var anonymous = app.CreateClient();
        foreach (var (id, slug) in groups)
        {
            await Eventually.TrueAsync(async () =>
            {
                var response = await anonymous.GetAsync(DiscussionsApi.Forum(id));
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                // The code of conduct is the forum's own document, slug and status the shared group replica: two handlers.
                var forum = await response.JsonAsync();
                return forum.GetProperty("codeOfConduct").GetArrayLength() == 2 && forum.GetProperty("slug").GetString() == slug &&
                       forum.GetProperty("status").GetString() == "Dormant";
            }, $"the forum of {slug} with its code of conduct, slug and status");

            var view = await (await anonymous.GetAsync(DiscussionsApi.Forum(id))).JsonAsync();
            view.GetProperty("slug").GetString().ShouldBe(slug);
            view.GetProperty("status").GetString().ShouldBe("Dormant");
        }
    }

    [Fact]
    public async Task A_profile_change_arriving_after_the_deletion_does_not_bring_back_the_name_or_the_handle()
    {
        var author = await app.RegisterConfirmedAsync("Vanishing Author");
        var group = await author.CreateForumAsync();
        var topic = await author.StartTopicNumberAsync(group, "Before I go");
        var deletedAt = DateTimeOffset.UtcNow;

        var host = app.Services.GetRequiredService<IHost>();
        await host.TrackActivity().Timeout(30.Seconds()).IncludeExternalTransports()
            .PublishMessageAndWaitAsync(new MemberDeleted(author.Id, "Former member", deletedAt));
        // Late in both senses: delivered after the deletion, and stamped after it too.
        await host.TrackActivity().Timeout(30.Seconds()).IncludeExternalTransports()
            .PublishMessageAndWaitAsync(new MemberProfileChanged(author.Id, "Vanishing Author Again", [], [], "UTC", deletedAt.AddMinutes(1)));
        await host.TrackActivity().Timeout(30.Seconds()).IncludeExternalTransports()
            .PublishMessageAndWaitAsync(new MemberRegistered(author.Id, "Vanishing Author", "UTC", deletedAt.AddMinutes(-5)));

        var page = await app.CreateClient().TopicPageAsync(group, topic);
        page.GetProperty("topic").GetProperty("authorName").GetString().ShouldBe("Former member");

        await using var session = app.Services.GetRequiredService<IDiscussionsStore>().QuerySession();
        var facts = await session.LoadAsync<MemberFacts>(author.Id, TestContext.Current.CancellationToken);
        facts.ShouldNotBeNull();
        facts.Handle.ShouldBe("");
        facts.Name.ShouldBe(MemberNames.FormerMember);
    }
}
