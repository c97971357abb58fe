using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Membership;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Groups;

/// <summary>Forum posts reach the Membership module as events and keep their group out of dormancy.</summary>
public sealed class LastActivityTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task A_post_in_the_forum_is_activity_that_keeps_the_group_from_turning_dormant()
    {
        var sponsor = await app.RegisterConfirmedAsync("Active Sponsor");
        var posted = await sponsor.CreateForumAsync();
        var silent = await sponsor.CreateForumAsync();

        app.Clock.Advance(TimeSpan.FromDays(60));
        try
        {
            // Sixty days on the session cookie has expired: sign in again, then post in one group only.
            (await sponsor.Session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = sponsor.Email, password = sponsor.Password }))
                .EnsureSuccessStatusCode();
            var versionBefore = await VersionAsync(posted);
            var topic = await sponsor.StartTopicNumberAsync(posted, "Still here after two months", "A short update from the group.");
            topic.ShouldBe(1);
            await Eventually.TrueAsync(async () => (await LastActivityAsync(posted)) > DateTimeOffset.UtcNow.AddDays(59),
                "Membership to record the post as the group's activity");
            // Recording activity leaves the group's concurrency version alone: a join or leave at that moment is no conflict.
            (await VersionAsync(posted)).ShouldBe(versionBefore);

            app.Clock.Advance(TimeSpan.FromDays(31));
            using (var scope = app.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMessageBus>()
                    .InvokeAsync(new DormancyHandler.SweepDormantGroups(90), TestContext.Current.CancellationToken);
            }

            await MemberEventsProbe.WaitForAsync<GroupStatusChanged>(e => e.GroupId == silent && e.Status == GroupStatus.Dormant);
            MemberEventsProbe.All<GroupStatusChanged>(e => e.GroupId == posted).ShouldBeEmpty();
        }
        finally
        {
            app.Clock.Advance(-TimeSpan.FromDays(91));
        }
    }

    private async Task<Guid> VersionAsync(Guid groupId)
    {
        await using var session = app.Services.GetRequiredService<IMembershipStore>().QuerySession();
        var group = await session.LoadAsync<Group>(groupId, TestContext.Current.CancellationToken);
        return (await session.MetadataForAsync(group!, TestContext.Current.CancellationToken))!.CurrentVersion;
    }

    private async Task<DateTimeOffset> LastActivityAsync(Guid groupId)
    {
        await using var session = app.Services.GetRequiredService<IMembershipStore>().QuerySession();
        return (await session.LoadAsync<Group>(groupId, TestContext.Current.CancellationToken))!.LastActivityAt;
    }
}
