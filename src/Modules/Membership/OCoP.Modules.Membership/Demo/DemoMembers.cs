using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Demo;

/// <summary>
/// Seeds the demo community's members on first run (setting <c>Demo:Seed</c>). Each is published like any registration,
/// so other modules build their read models from the same events. Runs once: it stops if the first demo member exists.
/// </summary>
internal sealed class DemoMembers(IServiceScopeFactory scopes, ILogger<DemoMembers> logger) : IHostedService
{
    public const string Password = "demo pass phrase";
    public const string Domain = "demo.ocop.localhost";

    // Deterministic ids, so other modules' demo data can name these members.
    public static readonly IReadOnlyList<DemoMember> All =
    [
        new(new Guid("0199a000-0000-7000-8000-000000000001"), "Amara Okafor", "amara", "Career practitioner and community facilitator. Ask me about labour-market information.",
            ["career guidance", "facilitation"], ["labour market", "online learning"], "Africa/Lagos"),
        new(new Guid("0199a000-0000-7000-8000-000000000002"), "Ben Carter", "ben", "Secondary physics teacher trying inquiry-based labs.",
            ["physics", "inquiry learning"], ["assessment", "lab safety"], "Europe/London"),
        new(new Guid("0199a000-0000-7000-8000-000000000003"), "Chloé Martin", "chloe", "Instructional coach: classroom observation and feedback cycles.",
            ["coaching", "classroom observation"], ["feedback", "teacher wellbeing"], "Europe/Paris"),
        new(new Guid("0199a000-0000-7000-8000-000000000004"), "Dev Patel", "dev", "Software engineer who mentors new testers.",
            ["testing", "mentoring"], ["accessibility", "career change"], "Asia/Kolkata"),
        new(new Guid("0199a000-0000-7000-8000-000000000005"), "Elena Rossi", "elena", "Careers adviser for adult learners returning to study.",
            ["career guidance", "adult learners"], ["labour market", "coaching"], "Europe/Rome"),
        new(new Guid("0199a000-0000-7000-8000-000000000006"), "Farid Haddad", "farid", "Youth football coach; sessions that keep every player moving.",
            ["coaching", "youth development"], ["sports science", "feedback"], "Asia/Beirut"),
        new(new Guid("0199a000-0000-7000-8000-000000000007"), "Grace Liu", "grace", "School leader running professional-development programmes.",
            ["leadership", "professional development"], ["coaching", "assessment"], "Asia/Singapore"),
        new(new Guid("0199a000-0000-7000-8000-000000000008"), "Hugo Schmidt", "hugo", "Site reliability engineer; writes the runbooks nobody reads, yet.",
            ["site reliability", "incident review"], ["mentoring", "testing"], "Europe/Berlin"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var bus = services.GetRequiredService<IMessageBus>();
        await using var session = services.GetRequiredService<OutboxedSessionFactory<IMembershipStore>>().OpenSession(bus);
        if (await session.LoadAsync<Member>(All[0].Id, cancellationToken) is not null)
        {
            return;
        }

        var hasher = services.GetRequiredService<IPasswordHasher<Member>>();
        var normalizer = services.GetRequiredService<ILookupNormalizer>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var firstEver = !await session.Query<Member>().AnyAsync(cancellationToken);
        foreach (var demo in All)
        {
            var member = new Member
            {
                Id = demo.Id,
                Email = demo.Email,
                NormalizedEmail = normalizer.NormalizeEmail(demo.Email),
                EmailConfirmed = true,
                Bio = demo.Bio,
                Expertise = Member.NormalizeTags(demo.Expertise),
                Interests = Member.NormalizeTags(demo.Interests),
                TimeZone = demo.TimeZone,
                RegisteredAt = now,
                IsSiteAdministrator = firstEver && demo == All[0],
            };
            member.Rename(demo.DisplayName);
            member.PasswordHash = hasher.HashPassword(member, Password);
            session.Store(member);
            await bus.PublishAsync(new MemberRegistered(member.Id, member.DisplayName, member.TimeZone, now));
            await bus.PublishAsync(new MemberProfileChanged(member.Id, member.DisplayName, member.Expertise, member.Interests, member.TimeZone, now));
            await bus.PublishAsync(new MemberEmailConfirmed(member.Id, member.Email, now));
        }

        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded {Count} demo members; sign in as {Email} with password '{Password}'", All.Count, All[0].Email, Password);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal sealed record DemoMember(Guid Id, string DisplayName, string Handle, string Bio, string[] Expertise, string[] Interests, string TimeZone)
    {
        public string Email => $"{Handle}@{Domain}";
    }
}
