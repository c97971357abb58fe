using OCoP.Modules.Membership.Access;
using System.Diagnostics;
using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Discussions;
using OCoP.Modules.Discussions.Forums;
using OCoP.Modules.Discussions.Topics;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Activity;
using OCoP.Modules.Engagement.Community;
using OCoP.Modules.Engagement.Follows;
using OCoP.Modules.Engagement.Search;
using OCoP.Modules.Events;
using OCoP.Modules.Knowledge;
using OCoP.Modules.Membership;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;
using OCoP.Modules.Membership.Members;
using OCoP.Modules.Membership.Tokens;
using Weasel.Core;
using Wolverine;

namespace OCoP.Benchmarks.DataGenerator;

/// <summary>Starts a named step of the generation with its total; the returned action reports progress.</summary>
internal delegate Action<long> StartStep(string name, long total);

/// <summary>
/// Writes a planned community into an empty database through the modules' own Marten stores (bulk inserts of the
/// modules' own documents, the same ones their handlers write), so the host reads it exactly as if members had
/// written it. Posts are drawn in parallel, topic by topic, and written while the next batch is drawn.
/// </summary>
internal static class CommunityGenerator
{
    private const int PostsPerBatch = 20_000;
    private const int RowsPerCopy = 5_000;

    public static async Task<Manifest> GenerateAsync(string connectionString, DatasetSize size, int seed, StartStep startStep,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var host = BuildModuleHost(connectionString);
        var membership = host.Services.GetRequiredService<IMembershipStore>();
        var discussions = host.Services.GetRequiredService<IDiscussionsStore>();
        var engagement = host.Services.GetRequiredService<IEngagementStore>();
        var knowledge = host.Services.GetRequiredService<IKnowledgeStore>();
        var events = host.Services.GetRequiredService<IEventsStore>();

        var planStep = startStep("Plan the community", 1);
        var plan = CommunityPlan.Create(size, seed);
        planStep(1);

        var schemaStep = startStep("Create the modules' schemas", 5);
        foreach (var store in new IDocumentStore[] { membership, discussions, engagement, knowledge, events })
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            schemaStep(1);
        }

        // Each module's copy of the group-access replica (docs/adr/0010), as its event handlers would have written it.
        IDocumentStore[] replicas = [discussions, engagement, knowledge, events];
        await WriteMembersAsync(plan, membership, replicas, engagement, startStep, cancellationToken);
        await WriteGroupsAsync(plan, membership, discussions, replicas, startStep, cancellationToken);
        var follows = await WriteFollowsAsync(plan, engagement, startStep, cancellationToken);
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var search = await SearchContent.EnsureAsync(engagement, configuration);
        var searchRows = await SearchContent.WritePeopleAndGroupsAsync(plan, engagement, search, cancellationToken);
        var (topicFollows, items, entries, topicRows) = await WriteTopicsAsync(plan, discussions, engagement, search, startStep, cancellationToken);
        searchRows += topicRows;
        var healthStep = startStep("Health of the main group", 1);
        await HealthContent.WriteAsync(plan, engagement, connectionString, DateOnly.FromDateTime(DateTime.UtcNow), cancellationToken);
        healthStep(1);
        var facilitatorToken = await WriteFacilitatorTokenAsync(plan, membership, cancellationToken);
        var wiki = await KnowledgeContent.WriteAsync(plan, knowledge, startStep, cancellationToken);
        var calendar = await EventsContent.WriteAsync(plan, events, startStep, cancellationToken);

        // As after any bulk load (pg_restore included): statistics now, not whenever autovacuum gets to them.
        await AnalyzeAsync(connectionString, cancellationToken);

        var main = plan.Groups[0];
        var replyGroup = plan.Groups[plan.ReplyGroup];
        var manifest = new Manifest(size.Name, seed, Manifest.CurrentGeneratorVersion, DateTimeOffset.UtcNow, Math.Round(clock.Elapsed.TotalSeconds, 1),
            new Manifest.Counts(plan.Members.Count, plan.Groups.Count, plan.Memberships.Count, plan.Topics.Count, plan.Topics.Sum(t => t.PostCount),
                follows + topicFollows, items, entries, wiki.Pages, wiki.Revisions, wiki.Resources, wiki.Ratings, calendar.Events, calendar.Series, calendar.Rsvps,
                calendar.Attendance),
            main.Id, main.Slug, plan.Topics[plan.HotTopic].Number, plan.Topics[plan.HotTopic].PostCount, replyGroup.Id,
            plan.Topics.Where(t => t.Group == plan.ReplyGroup && t.Kind != OCoP.Modules.Discussions.Contracts.TopicKind.Announcement)
                .Select(t => t.Number).Order().Take(500).ToList(),
            plan.Tokens, plan.Groups[plan.FanOutGroup].Id, plan.Tokens[0], plan.FanOutWatchers.Count,
            ["ama", "patel", "son", "elena ro", "kim"], wiki.HotPageSlug, size.HotPageRevisions, EventsContent.CalendarMonth, EventsContent.CalendarFrom,
            calendar.MainGroupEventsInMonth, calendar.FeedTokens, plan.WatcherTokens, facilitatorToken, SearchQueries, BroadSearchQueries, searchRows);
        await manifest.SaveAsync(connectionString, cancellationToken);
        return manifest;
    }

    /// <summary>
    /// What the search scenario asks, as members type it: single terms and phrases from the generated titles and posts,
    /// and broad terms that match a large share of the million posts.
    /// </summary>
    public static readonly IReadOnlyList<string> SearchQueries =
        ["exit tickets", "\"peer observation\"", "lesson study", "labour market", "\"group charter\"", "interviews"];

    /// <summary>Terms found in a large share of the posts: the ranking reads every match.</summary>
    public static readonly IReadOnlyList<string> BroadSearchQueries = ["feedback", "session", "coaching"];

    /// <summary>
    /// A personal access token of the main group's facilitator (its earliest member), for the health dashboard, which only
    /// the group's facilitators and sponsors may read. Derived from the seed, like the readers' tokens.
    /// </summary>
    private static async Task<string> WriteFacilitatorTokenAsync(CommunityPlan plan, IMembershipStore membership, CancellationToken cancellationToken)
    {
        var facilitator = plan.Memberships.First(m => m.Group == 0 && m.Role == GroupRole.Facilitator).Member;
        var token = PersonalAccessToken.Prefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"facilitator/{plan.Seed}")));
        await using var session = membership.LightweightSession();
        session.Store(new PersonalAccessToken
        {
            Id = CommunityPlan.NewGuid(new Random(plan.Seed - 1)), MemberId = plan.Members[facilitator].Id, Name = "benchmark facilitator",
            Scopes = ["read", "write"], TokenHash = PersonalAccessToken.Hash(token), Hint = token[..(PersonalAccessToken.Prefix.Length + 4)],
            CreatedAt = CommunityPlan.Anchor.AddDays(-1), ExpiresAt = CommunityPlan.Anchor.AddYears(10),
        });
        await session.SaveChangesAsync(cancellationToken);
        return token;
    }

    private static async Task AnalyzeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        var tables = new List<string>();
        await using (var list = dataSource.CreateCommand(
                         "select format('%I.%I', schemaname, tablename) from pg_tables where schemaname in ('membership', 'discussions', 'engagement', 'knowledge', 'events')"))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var analyze = dataSource.CreateCommand($"analyze {table}");
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The modules registered as the host registers them, never started: only their configured document stores
    /// are used, so schemas, indexes and serialization are the host's own.
    /// </summary>
    internal static IHost BuildModuleHost(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMembershipModule(builder.Configuration);
        builder.Services.AddDiscussionsModule(builder.Configuration);
        builder.Services.AddEngagementModule(builder.Configuration);
        builder.Services.AddKnowledgeModule(builder.Configuration);
        builder.Services.AddEventsModule(builder.Configuration);
        builder.Services.AddWolverine(options => options.Discovery.DisableConventionalDiscovery());
        return builder.Build();
    }

    private static async Task WriteMembersAsync(CommunityPlan plan, IMembershipStore membership, IDocumentStore[] replicas,
        IEngagementStore engagement, StartStep startStep, CancellationToken cancellationToken)
    {
        var step = startStep("Members, profiles, access tokens", plan.Members.Count * 3L);
        var members = plan.Members.Select(m =>
        {
            var member = new Member
            {
                Id = m.Id, Email = m.Email, NormalizedEmail = m.Email.ToUpperInvariant(), EmailConfirmed = true, TimeZone = m.TimeZone,
                Bio = $"Practitioner interested in {string.Join(", ", m.Interests.DefaultIfEmpty("practice"))}.", Expertise = [.. m.Expertise],
                Interests = [.. m.Interests], RegisteredAt = m.RegisteredAt,
            };
            member.Rename(m.Name);
            return member;
        }).ToList();
        await membership.BulkInsertAsync(members, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        step(members.Count);

        var tokens = plan.TokenHolders.Select((holder, i) => new PersonalAccessToken
        {
            Id = CommunityPlan.NewGuid(new Random(plan.Seed + i)), MemberId = plan.Members[holder].Id, Name = "benchmark",
            Scopes = ["read", "write"], TokenHash = PersonalAccessToken.Hash(plan.Tokens[i]), Hint = plan.Tokens[i][..(PersonalAccessToken.Prefix.Length + 4)],
            CreatedAt = CommunityPlan.Anchor.AddDays(-1), ExpiresAt = CommunityPlan.Anchor.AddYears(10),
        }).ToList();
        await membership.BulkInsertAsync(tokens, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);

        // The fan-out watchers' tokens: the live benchmarks connect as these members (all in the fan-out group).
        var watcherTokens = plan.FanOutWatchers.Select((watcher, i) => new PersonalAccessToken
        {
            Id = CommunityPlan.NewGuid(new Random(plan.Seed * 31 + 7_000_000 + i)), MemberId = plan.Members[watcher].Id, Name = "benchmark live",
            Scopes = ["read", "write"], TokenHash = PersonalAccessToken.Hash(plan.WatcherTokens[i]),
            Hint = plan.WatcherTokens[i][..(PersonalAccessToken.Prefix.Length + 4)],
            CreatedAt = CommunityPlan.Anchor.AddDays(-1), ExpiresAt = CommunityPlan.Anchor.AddYears(10),
        }).ToList();
        await membership.BulkInsertAsync(watcherTokens, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);

        // The shared group-access replica (docs/adr/0010), as its event handlers would have written it, in each module's store.
        List<MemberFacts> Names() =>
            plan.Members.Select(m => new MemberFacts { Id = m.Id, DisplayName = m.Name, Handle = m.Handle, ChangedAt = m.RegisteredAt }).ToList();
        foreach (var replica in replicas)
        {
            await replica.BulkInsertAsync(Names(), BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        }

        step(members.Count);
        await engagement.BulkInsertAsync(plan.Members.Select(m => new Recipient
            {
                Id = m.Id, Email = m.Email, TimeZone = m.TimeZone, ProfileChangedAt = m.RegisteredAt,
            }).ToList(),
            BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        step(members.Count);
    }

    private static async Task WriteGroupsAsync(CommunityPlan plan, IMembershipStore membership, IDiscussionsStore discussions,
        IDocumentStore[] replicas, StartStep startStep, CancellationToken cancellationToken)
    {
        var step = startStep("Groups and memberships", plan.Groups.Count + plan.Memberships.Count * 3L);
        var byGroup = plan.Memberships.ToLookup(m => m.Group);
        var topicsByGroup = plan.Topics.ToLookup(t => t.Group);
        var groups = plan.Groups.Select(g =>
        {
            var facilitator = byGroup[g.Index].FirstOrDefault(m => m.Role == GroupRole.Facilitator) ?? byGroup[g.Index].First();
            var group = new Group
            {
                Id = g.Id, Slug = g.Slug, Name = g.Name, Topics = [.. g.Tags], Visibility = g.Visibility, JoinPolicy = JoinPolicy.Open,
                MemberCount = byGroup[g.Index].Count(), CreatedBy = plan.Members[facilitator.Member].Id, CreatedAt = g.CreatedAt,
                LastActivityAt = topicsByGroup[g.Index].Select(t => t.StartAt).DefaultIfEmpty(g.CreatedAt).Max(),
                Charter = new Charter
                {
                    Purpose = $"Practitioners of {g.Name.ToLowerInvariant()} learning from each other's practice.",
                    Audience = "Anyone who practises it, from their first year to their thirtieth.",
                },
            };
            group.Index();
            return group;
        }).ToList();
        await membership.BulkInsertAsync(groups, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        await discussions.BulkInsertAsync(plan.Groups.Select(g => new ForumGroup { Id = g.Id, LastTopicNumber = topicsByGroup[g.Index].Count() }).ToList(),
            BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        List<GroupFacts> Facts() => plan.Groups.Select(g => new GroupFacts
        {
            Id = g.Id, Slug = g.Slug, Name = g.Name, Visibility = g.Visibility, VisibilityChangedAt = g.CreatedAt, StatusChangedAt = g.CreatedAt,
        }).ToList();
        foreach (var replica in replicas)
        {
            await replica.BulkInsertAsync(Facts(), BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        }

        step(groups.Count);

        foreach (var chunk in plan.Memberships.Chunk(50_000))
        {
            await membership.BulkInsertAsync(chunk.Select(m => new GroupMembership
                {
                    Id = GroupMembership.IdFor(plan.Groups[m.Group].Id, plan.Members[m.Member].Id), GroupId = plan.Groups[m.Group].Id,
                    MemberId = plan.Members[m.Member].Id, State = GroupMembershipState.Active, Roles = RolesOf(m.Role), Since = m.JoinedAt,
                    JoinedAt = m.JoinedAt,
                }).ToList(),
                BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            step(chunk.Length);
            List<MembershipFacts> Memberships() => chunk.Select(m => new MembershipFacts
            {
                Id = MembershipFacts.IdFor(plan.Groups[m.Group].Id, plan.Members[m.Member].Id), GroupId = plan.Groups[m.Group].Id,
                MemberId = plan.Members[m.Member].Id, Active = true, Roles = RolesOf(m.Role), JoinedAt = m.JoinedAt, ChangedAt = m.JoinedAt,
            }).ToList();
            foreach (var replica in replicas)
            {
                await replica.BulkInsertAsync(Memberships(), BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            }

            step(chunk.Length * 2L);
        }
    }

    // As Membership grants them: a group's creator sponsors and facilitates it, a joiner contributes.
    private static List<GroupRole> RolesOf(GroupRole role) => role switch
    {
        GroupRole.Facilitator => [GroupRole.Sponsor, GroupRole.Facilitator],
        GroupRole.DomainExpert => [GroupRole.Contributor, GroupRole.DomainExpert],
        _ => [role],
    };

    /// <summary>Group follows as joining leaves them (the fan-out group's members chose to watch it), and member follows.</summary>
    private static async Task<int> WriteFollowsAsync(CommunityPlan plan, IEngagementStore engagement, StartStep startStep, CancellationToken cancellationToken)
    {
        var step = startStep("Follows of groups and members", plan.Memberships.Count + plan.MemberFollows.Count);
        foreach (var chunk in plan.Memberships.Chunk(50_000))
        {
            await engagement.BulkInsertAsync(chunk.Select(m =>
                {
                    var watching = m.Group == plan.FanOutGroup && m.Member != plan.FanOutAuthor;
                    var memberId = plan.Members[m.Member].Id;
                    var targetId = Follow.TargetIdFor(plan.Groups[m.Group].Id);
                    return new Follow
                    {
                        Id = Follow.IdFor(memberId, FollowTarget.Group, targetId), MemberId = memberId, Target = FollowTarget.Group, TargetId = targetId,
                        Level = watching ? FollowLevel.Watching : FollowLevel.Normal, Chosen = watching, ChangedAt = m.JoinedAt,
                    };
                }).ToList(),
                BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            step(chunk.Length);
        }

        await engagement.BulkInsertAsync(plan.MemberFollows.Select(f =>
            {
                var memberId = plan.Members[f.Follower].Id;
                var targetId = Follow.TargetIdFor(plan.Members[f.Followed].Id);
                return new Follow
                {
                    Id = Follow.IdFor(memberId, FollowTarget.Member, targetId), MemberId = memberId, Target = FollowTarget.Member, TargetId = targetId,
                    Level = FollowLevel.Normal, Chosen = true, ChangedAt = CommunityPlan.Anchor.AddDays(-3),
                };
            }).ToList(),
            BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
        step(plan.MemberFollows.Count);
        return plan.Memberships.Count + plan.MemberFollows.Count;
    }

    private sealed record Batch(TopicContent[] Topics);

    /// <summary>
    /// Topics and posts, with what Engagement learns from them: the known topic, a tracking follow for each member who
    /// wrote in it (the default for starting or replying), and for the most recent topics the activity items and the
    /// home-feed entries of every follower of the group, the author or the topic.
    /// </summary>
    private static async Task<(int Follows, int Items, int Entries, int SearchRows)> WriteTopicsAsync(CommunityPlan plan, IDiscussionsStore discussions,
        IEngagementStore engagement, SearchSetup search, StartStep startStep, CancellationToken cancellationToken)
    {
        var step = startStep("Topics and posts", plan.Topics.Sum(t => (long)t.PostCount));
        var markdown = new MarkdownRenderer();
        var channel = Channel.CreateBounded<Batch>(2);
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<TopicPlan>();
                var posts = 0;
                foreach (var topic in plan.Topics)
                {
                    batch.Add(topic);
                    posts += topic.PostCount;
                    if (posts >= PostsPerBatch)
                    {
                        await channel.Writer.WriteAsync(Draw(batch), cancellationToken);
                        batch.Clear();
                        posts = 0;
                    }
                }

                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync(Draw(batch), cancellationToken);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, cancellationToken);

        var groupFollowers = plan.Memberships.ToLookup(m => m.Group, m => m.Member);
        var memberFollowers = plan.MemberFollows.ToLookup(f => f.Followed, f => f.Follower);
        var memberIndex = plan.Members.ToDictionary(m => m.Id, m => m.Index);
        int follows = 0, items = 0, entries = 0, searchRows = 0;
        await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken))
        {
            await discussions.BulkInsertAsync(batch.Topics.Select(t => t.Topic).ToList(), BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            await discussions.BulkInsertAsync(batch.Topics.SelectMany(t => t.Posts).ToList(), BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            searchRows += await SearchContent.WriteTopicsAsync(plan, engagement, search, batch.Topics, cancellationToken);

            var known = batch.Topics.Select(t => new KnownTopic
            {
                Id = t.Topic.Id, GroupId = t.Topic.GroupId, Number = t.Topic.Number, Title = t.Topic.Title, Tags = [.. t.Topic.Tags],
                Path = Topic.PathFor(plan.Groups[t.Plan.Group].Slug, t.Topic.Number),
            }).ToList();
            await engagement.BulkInsertAsync(known, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);

            var writers = batch.Topics.SelectMany(t => t.Posts.GroupBy(p => p.AuthorId).Select(g => (t.Topic, Writer: g.Key, First: g.Min(p => p.CreatedAt))))
                .Select(w => new Follow
                {
                    Id = Follow.IdFor(w.Writer, FollowTarget.Topic, Follow.TargetIdFor(w.Topic.Id)), MemberId = w.Writer, Target = FollowTarget.Topic,
                    TargetId = Follow.TargetIdFor(w.Topic.Id), GroupId = w.Topic.GroupId, Level = FollowLevel.Tracking, ChangedAt = w.First,
                }).ToList();
            await engagement.BulkInsertAsync(writers, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
            follows += writers.Count;

            foreach (var content in batch.Topics.Where(t => plan.ActivityTopics.Contains(t.Plan.Index)))
            {
                var (topicItems, topicEntries) = Activity(plan, content, memberIndex, groupFollowers, memberFollowers);
                await engagement.BulkInsertAsync(topicItems, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
                foreach (var chunk in topicEntries.Chunk(100_000))
                {
                    await engagement.BulkInsertAsync(chunk, BulkInsertMode.InsertsOnly, RowsPerCopy, cancellationToken);
                }

                items += topicItems.Count;
                entries += topicEntries.Count;
            }

            step(batch.Topics.Sum(t => t.Posts.Count));
        }

        await producer;
        return (follows, items, entries, searchRows);

        Batch Draw(List<TopicPlan> topics)
        {
            var drawn = new TopicContent[topics.Count];
            Parallel.For(0, topics.Count, new ParallelOptions { CancellationToken = cancellationToken },
                i => drawn[i] = TopicContent.Draw(plan, topics[i], markdown));
            return new Batch(drawn);
        }
    }

    private static (List<ActivityItem> Items, List<FeedEntry> Entries) Activity(CommunityPlan plan, TopicContent content,
        Dictionary<Guid, int> memberIndex, ILookup<int, int> groupFollowers, ILookup<int, int> memberFollowers)
    {
        var group = plan.Groups[content.Plan.Group];
        var items = new List<ActivityItem>();
        var entries = new List<FeedEntry>();
        var topicWriters = new HashSet<int>();
        foreach (var post in content.Posts)
        {
            var opening = post.Number == 1;
            var key = opening ? $"topic/{content.Topic.Id:N}" : $"post/{post.Id:N}";
            var id = ActivityItem.IdFor(key);
            var item = new ActivityItem
            {
                Id = id, ActorId = post.AuthorId, GroupId = group.Id, Verb = opening ? ActivityVerb.StartedTopic : ActivityVerb.Replied,
                Title = content.Topic.Title, Path = Topic.PathFor(group.Slug, content.Topic.Number, opening ? null : post.Number),
                SubjectIds = opening ? [content.Topic.Id] : [content.Topic.Id, post.Id], Tags = [.. content.Topic.Tags], At = post.CreatedAt,
                Key = ActivityItem.KeyFor(post.CreatedAt, id),
            };
            items.Add(item);

            var actor = memberIndex[post.AuthorId];
            var followers = new HashSet<int>(groupFollowers[content.Plan.Group]);
            followers.UnionWith(memberFollowers[actor]);
            followers.UnionWith(topicWriters);
            followers.Remove(actor);
            topicWriters.Add(actor);
            entries.AddRange(followers.Order().Select(f => new FeedEntry
            {
                Id = FeedEntry.IdFor(plan.Members[f].Id, id), MemberId = plan.Members[f].Id, ItemId = id, GroupId = group.Id, Key = item.Key,
            }));
        }

        return (items, entries);
    }
}
