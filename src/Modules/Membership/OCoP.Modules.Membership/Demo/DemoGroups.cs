using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OCoP.BuildingBlocks.Markdown;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Demo;

/// <summary>
/// The demo community's groups, seeded once after the demo members: each shows a part of the group model (policies,
/// visibility, capacity and waiting list, code of conduct, terms and fees, orientation, dormancy). Published like real
/// groups, so other modules' read models learn them from the same events.
/// </summary>
internal sealed class DemoGroups(IServiceScopeFactory scopes, ILogger<DemoGroups> logger) : IHostedService
{
    public static readonly Guid CareersId = new("0199a000-0000-7000-8000-0000000000a1");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var bus = services.GetRequiredService<IMessageBus>();
        var markdown = services.GetRequiredService<MarkdownRenderer>();
        await using var session = services.GetRequiredService<OutboxedSessionFactory<IMembershipStore>>().OpenSession(bus);
        if (await session.LoadAsync<Group>(CareersId, cancellationToken) is not null)
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var m = DemoMembers.All.ToDictionary(d => d.Handle, d => d.Id);
        var code = new CodeOfConduct(1, ["Assume good intent.", "Share sources and credit colleagues.", "What is shared about learners stays here."], now);

        async Task<Group> AddAsync(Guid id, string slug, string name, GroupVisibility visibility, JoinPolicy policy, Charter charter, string[] topics,
            Guid sponsor, (string Handle, GroupRole[] Roles)[] members, int? capacity = null, int? termMonths = null, Fee? fee = null,
            string? welcome = null)
        {
            var group = new Group
            {
                Id = id, Slug = slug, Name = name, Visibility = visibility, JoinPolicy = policy, Charter = charter, Topics = [.. topics],
                Capacity = capacity, TermMonths = termMonths, Fee = fee, CodeOfConduct = code, CreatedBy = sponsor, CreatedAt = now.AddDays(-200),
                LastActivityAt = now,
                Orientation = welcome is null ? Orientation.Default : Orientation.Default with { WelcomeMarkdown = welcome, WelcomeHtml = markdown.ToSafeHtml(welcome) },
            };
            group.Index();
            await bus.PublishAsync(new GroupCreated(id, slug, name, visibility, sponsor, group.CreatedAt, charter.SkillsToPractise ?? ""));
            await bus.PublishAsync(new GroupCodeOfConductPublished(id, code.Version, code.Clauses, code.PublishedAt));
            foreach (var (handle, roles) in members)
            {
                var membership = new GroupMembership
                {
                    Id = GroupMembership.IdFor(id, m[handle]), GroupId = id, MemberId = m[handle], State = GroupMembershipState.Active, Roles = [.. roles],
                    AcceptedCodeOfConductVersion = 1, Since = now.AddDays(-150), JoinedAt = now.AddDays(-150),
                    ExpiresAt = termMonths is { } t ? now.AddMonths(t).AddDays(-150) : null,
                    OrientationDone = handle == members[0].Handle ? ["read-charter", "introduce-yourself", "digest-preference"] : ["read-charter"],
                };
                session.Store(membership);
                group.MemberCount++;
                await bus.PublishAsync(new MemberJoinedGroup(id, m[handle], membership.Roles, membership.Since));
            }

            session.Store(group);
            session.Store(new CharterRevision { Id = CharterRevision.IdFor(id, 1), GroupId = id, Version = 1, Charter = charter, EditedBy = sponsor, EditedAt = group.CreatedAt });
            return group;
        }

        await AddAsync(CareersId, "career-guidance-practitioners", "Career Guidance Practitioners", GroupVisibility.Public, JoinPolicy.Open,
            new Charter
            {
                Purpose = "Help adults make informed career moves by sharing labour-market information and guidance techniques that work.",
                Audience = "Career practitioners, guidance counsellors and careers teachers",
                WhyNow = "Labour-market information changes faster than our training does.",
                Cadence = "A monthly case clinic, an open thread all month",
                Expectations = "Bring one real (anonymised) case a term.",
                SkillsToPractise = "Motivational interviewing, using labour-market data with clients",
            },
            ["career guidance", "labour market"], m["amara"],
            [("amara", [GroupRole.Sponsor, GroupRole.Facilitator]), ("elena", [GroupRole.Facilitator, GroupRole.DomainExpert]), ("dev", [GroupRole.Contributor]),
                ("grace", [GroupRole.Reader])],
            termMonths: 12, fee: new Fee(20, "EUR"),
            welcome: "Welcome! Start with **the charter**, then tell us in one paragraph which clients you work with.");

        var science = await AddAsync(new Guid("0199a000-0000-7000-8000-0000000000a2"), "inquiry-science-teachers", "Inquiry Science Teachers",
            GroupVisibility.MembersOnly, JoinPolicy.ByRequest,
            new Charter
            {
                Purpose = "Design, try and refine inquiry-based lab lessons together.",
                Audience = "Secondary science teachers",
                MeetingTypes = "Lesson-study cycles: plan, teach, observe, reflect",
                Cadence = "Fortnightly",
            },
            ["science", "inquiry learning"], m["ben"], [("ben", [GroupRole.Sponsor, GroupRole.Facilitator]), ("chloe", [GroupRole.Facilitator])]);
        session.Store(new GroupMembership
        {
            Id = GroupMembership.IdFor(science.Id, m["hugo"]), GroupId = science.Id, MemberId = m["hugo"], State = GroupMembershipState.Requested,
            Roles = [GroupRole.Contributor], AcceptedCodeOfConductVersion = 1, Message = "Engineer turned physics teacher: can I join?", Since = now.AddDays(-1),
        });

        var sport = await AddAsync(new Guid("0199a000-0000-7000-8000-0000000000a3"), "coaching-youth-sport", "Coaching Youth Sport", GroupVisibility.Public,
            JoinPolicy.Open,
            new Charter { Purpose = "Sessions that keep every young player moving and learning.", Audience = "Volunteer and professional youth coaches" },
            ["coaching", "youth development"], m["farid"],
            [("farid", [GroupRole.Sponsor, GroupRole.Facilitator]), ("chloe", [GroupRole.Contributor]), ("ben", [GroupRole.Contributor])], capacity: 3);
        session.Store(new GroupMembership
        {
            Id = GroupMembership.IdFor(sport.Id, m["dev"]), GroupId = sport.Id, MemberId = m["dev"], State = GroupMembershipState.WaitingList,
            Roles = [GroupRole.Contributor], AcceptedCodeOfConductVersion = 1, Since = now.AddDays(-3),
        });

        var leaders = await AddAsync(new Guid("0199a000-0000-7000-8000-0000000000a4"), "school-leaders-circle", "School Leaders' Circle", GroupVisibility.Secret,
            JoinPolicy.ByInvitation,
            new Charter { Purpose = "A confidential space for heads to think aloud.", Audience = "Head teachers and deputies" },
            ["leadership"], m["grace"], [("grace", [GroupRole.Sponsor, GroupRole.Facilitator])]);
        session.Store(new GroupMembership
        {
            Id = GroupMembership.IdFor(leaders.Id, m["amara"]), GroupId = leaders.Id, MemberId = m["amara"], State = GroupMembershipState.Invited,
            Roles = [GroupRole.Contributor], Since = now,
        });

        var runbooks = await AddAsync(new Guid("0199a000-0000-7000-8000-0000000000a5"), "runbook-club", "Runbook Club", GroupVisibility.Public, JoinPolicy.Open,
            new Charter { Purpose = "Write runbooks people actually read.", Audience = "Site reliability and operations engineers" },
            ["site reliability", "incident review"], m["hugo"], [("hugo", [GroupRole.Sponsor, GroupRole.Facilitator]), ("dev", [GroupRole.Contributor])]);
        runbooks.Status = GroupStatus.Dormant;
        runbooks.LastActivityAt = now.AddDays(-120);
        session.Store(runbooks);
        await bus.PublishAsync(new GroupStatusChanged(runbooks.Id, GroupStatus.Dormant, now));

        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded 5 demo groups");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
