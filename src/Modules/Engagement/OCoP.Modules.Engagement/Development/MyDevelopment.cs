using System.Globalization;
using System.Text;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Modules.Engagement.Development;

/// <summary>
/// A member's professional-development record (issue 15, item 8; docs/workbench.md; ADR 0078): per group, the sessions
/// attended, the activities led, the facilitation roles held, the contributions and the charter's skills to practise;
/// and the member's own entries (a skill practised on a day, a note, hours). For the member alone: anyone else asking
/// for it gets the 404 of a member that does not exist. Exported as CSV and as a printable page.
/// </summary>
internal static class MyDevelopment
{
    public const int MaxEntries = 500;
    public const int MaxSkillLength = 200;
    public const int MaxNoteLength = 2000;
    public const decimal MaxHours = 1000;
    public static readonly DateOnly EarliestDate = new(1950, 1, 1);

    internal sealed record Query(Guid MemberId) : IRequest<DevelopmentView>;

    internal sealed record AddEntry(string? Skill, DateOnly? Date, string? Note, decimal? Hours) : IRequest<EntryView>
    {
        // Set from the route, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed record RemoveEntry(Guid MemberId, Guid EntryId) : IRequest<bool>;

    internal sealed record DevelopmentView(Guid MemberId, string Name, DateTimeOffset GeneratedAt, DevelopmentTotals Totals,
        IReadOnlyList<GroupRecord> Groups, IReadOnlyList<SkillPractised> Skills, IReadOnlyList<EntryView> Entries);

    internal sealed record DevelopmentTotals(int SessionsAttended, int ActivitiesLed, int Contributions, int OwnEntries, decimal OwnHours);

    internal sealed record GroupRecord(Guid GroupId, string GroupName, string? Slug, DateTimeOffset? JoinedAt, IReadOnlyList<SessionAttended> SessionsAttended,
        IReadOnlyList<ActivityLed> ActivitiesLed, IReadOnlyList<RoleHeld> Roles, Contributions Contributions, IReadOnlyList<string> CharterSkills);

    internal sealed record SessionAttended(Guid EventId, string Title, string? Path, DateTimeOffset At);

    internal sealed record ActivityLed(LedKind Kind, string Title, string? Path, DateTimeOffset At, bool Cancelled);

    internal sealed record RoleHeld(GroupRole Role, bool Held, DateTimeOffset Since);

    internal sealed record Contributions(int Topics, int Replies, int AcceptedAnswers, int WikiPagesCreated, int WikiEdits, int BlogPosts, int Resources,
        int TopicSummaries)
    {
        public int Total => Topics + Replies + AcceptedAnswers + WikiPagesCreated + WikiEdits + BlogPosts + Resources + TopicSummaries;
    }

    /// <summary>A skill, from the charters of the member's groups and from their own entries (case-insensitive name).</summary>
    internal sealed record SkillPractised(string Skill, IReadOnlyList<string> FromCharters, int Entries, decimal Hours);

    internal sealed record EntryView(Guid Id, string Skill, DateOnly Date, string? Note, decimal? Hours, DateTimeOffset CreatedAt);

    internal sealed class AddEntryValidator : AbstractValidator<AddEntry>
    {
        public AddEntryValidator()
        {
            RuleFor(e => e.Skill).NotEmpty().WithMessage("Name the skill you practised.")
                .MaximumLength(MaxSkillLength).WithMessage($"A skill is at most {MaxSkillLength} characters.");
            RuleFor(e => e.Date).NotNull().WithMessage("Give the day you practised it, such as 2026-11-20.");
            RuleFor(e => e.Date).GreaterThanOrEqualTo(EarliestDate).When(e => e.Date is not null)
                .WithMessage($"Give a day from {EarliestDate:yyyy-MM-dd} on.");
            RuleFor(e => e.Note).MaximumLength(MaxNoteLength).WithMessage($"A note is at most {MaxNoteLength} characters.");
            RuleFor(e => e.Hours).GreaterThan(0).LessThanOrEqualTo(MaxHours).When(e => e.Hours is not null)
                .WithMessage($"Hours are more than 0 and at most {MaxHours:0}.");
        }
    }

    internal sealed class Handler(IEngagementStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<Query, DevelopmentView>
    {
        public async Task<DevelopmentView> Handle(Query query, CancellationToken cancellationToken)
        {
            RequireSelf(me, query.MemberId);
            await using var session = store.QuerySession();
            return await ViewAsync(session, me, clock.GetUtcNow(), cancellationToken);
        }
    }

    internal sealed class AddEntryHandler(IEngagementStore store, CurrentMember me, TimeProvider clock) : IRequestHandler<AddEntry, EntryView>
    {
        public async Task<EntryView> Handle(AddEntry add, CancellationToken cancellationToken)
        {
            RequireSelf(me, add.MemberId);
            var now = clock.GetUtcNow();
            // A day ahead of UTC is still today somewhere.
            if (add.Date!.Value > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
            {
                throw ProblemException.Invalid("date", "Give a day that has come: an entry records what you practised.");
            }

            await using var session = store.LightweightSession();
            var memberId = me.Id;
            if (await session.Query<DevelopmentEntry>().CountAsync(e => e.MemberId == memberId, cancellationToken) >= MaxEntries)
            {
                throw ProblemException.Conflict($"Your record holds at most {MaxEntries} entries of your own: remove some first.");
            }

            var entry = new DevelopmentEntry
            {
                Id = Guid.CreateVersion7(now), MemberId = memberId, Skill = add.Skill!.Trim(), Date = add.Date.Value,
                Note = string.IsNullOrWhiteSpace(add.Note) ? null : add.Note.Trim(), Hours = add.Hours, CreatedAt = now,
            };
            session.Insert(entry);
            await session.SaveChangesAsync(cancellationToken);
            return View(entry);
        }
    }

    internal sealed class RemoveEntryHandler(IEngagementStore store, CurrentMember me) : IRequestHandler<RemoveEntry, bool>
    {
        public async Task<bool> Handle(RemoveEntry remove, CancellationToken cancellationToken)
        {
            RequireSelf(me, remove.MemberId);
            await using var session = store.LightweightSession();
            var entry = await session.LoadAsync<DevelopmentEntry>(remove.EntryId, cancellationToken);
            if (entry is null || entry.MemberId != me.Id)
            {
                throw ProblemException.NotFound("The entry");
            }

            session.Delete(entry);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>The record is the member's own: for anyone else it does not exist (404, as for a member who does not).</summary>
    private static void RequireSelf(CurrentMember me, Guid memberId)
    {
        if (!me.IsAuthenticated || me.Id != memberId)
        {
            throw ProblemException.NotFound("The member");
        }
    }

    private static async Task<DevelopmentView> ViewAsync(IQuerySession session, CurrentMember me, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var memberId = me.Id;
        var records = await session.Query<DevelopmentRecord>().Where(r => r.MemberId == memberId).ToListAsync(cancellationToken);
        // Members from before the record existed have no row for a group they joined then: their active memberships still
        // bring the group's charter skills.
        var active = await session.Query<MembershipFacts>().Where(m => m.MemberId == memberId && m.Active).ToListAsync(cancellationToken);
        var groupIds = records.Select(r => r.GroupId).Concat(active.Select(m => m.GroupId)).Distinct().ToArray();
        var groups = groupIds.Length == 0 ? [] : (await session.LoadManyAsync<GroupFacts>(cancellationToken, groupIds)).ToDictionary(g => g.Id);
        var skills = groupIds.Length == 0 ? [] : (await session.LoadManyAsync<CharterSkills>(cancellationToken, groupIds)).ToDictionary(s => s.Id);
        var entries = await session.Query<DevelopmentEntry>().Where(e => e.MemberId == memberId)
            .OrderByDescending(e => e.Date).ThenByDescending(e => e.CreatedAt).ToListAsync(cancellationToken);

        var byGroup = records.ToDictionary(r => r.GroupId);
        var rows = groupIds.Select(groupId =>
            {
                var record = byGroup.GetValueOrDefault(groupId) ?? new DevelopmentRecord { GroupId = groupId };
                var facts = groups.GetValueOrDefault(groupId);
                var joinedAt = record.JoinedAt ?? active.FirstOrDefault(m => m.GroupId == groupId)?.JoinedAt;
                return new GroupRecord(groupId, facts is { Name.Length: > 0 } ? facts.Name : "A group", facts is { Slug.Length: > 0 } ? facts.Slug : null,
                    joinedAt,
                    record.Sessions.Where(s => s.Present).OrderByDescending(s => s.At)
                        .Select(s => new SessionAttended(s.EventId, s.Title ?? "An event", s.Path, s.At)).ToList(),
                    record.Led.OrderByDescending(l => l.At).Select(l => new ActivityLed(l.Kind, l.Title, l.Path, l.At, l.Cancelled)).ToList(),
                    record.Roles.OrderBy(r => r.Role).Select(r => new RoleHeld(r.Role, r.Held, r.Since)).ToList(),
                    new Contributions(record.Topics, record.Replies, record.AcceptedAnswers, record.WikiPageIds.Count, record.WikiEdits.Count,
                        record.BlogPostIds.Count, record.ResourceIds.Count, record.SummaryTopicIds.Count),
                    skills.GetValueOrDefault(groupId)?.Skills ?? []);
            })
            .OrderBy(g => g.GroupName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();

        var practised = rows.SelectMany(g => g.CharterSkills.Select(s => (Skill: s, Group: g.GroupName)))
            .Select(s => (s.Skill, s.Group, Entries: 0, Hours: 0m))
            .Concat(entries.Select(e => (e.Skill, Group: (string?)null, Entries: 1, Hours: e.Hours ?? 0m))!)
            .GroupBy(s => s.Skill, StringComparer.CurrentCultureIgnoreCase)
            .Select(g => new SkillPractised(g.First().Skill,
                g.Where(s => s.Group is not null).Select(s => s.Group!).Distinct().Order(StringComparer.CurrentCultureIgnoreCase).ToList(),
                g.Sum(s => s.Entries), g.Sum(s => s.Hours)))
            .OrderBy(s => s.Skill, StringComparer.CurrentCultureIgnoreCase)
            .ToList();

        var totals = new DevelopmentTotals(rows.Sum(g => g.SessionsAttended.Count), rows.Sum(g => g.ActivitiesLed.Count(l => !l.Cancelled)),
            rows.Sum(g => g.Contributions.Total), entries.Count, entries.Sum(e => e.Hours ?? 0m));
        return new DevelopmentView(memberId, me.DisplayName, now, totals, rows, practised, entries.Select(View).ToList());
    }

    private static EntryView View(DevelopmentEntry entry) => new(entry.Id, entry.Skill, entry.Date, entry.Note, entry.Hours, entry.CreatedAt);

    /// <summary>What a led activity is, in words (the page, the CSV).</summary>
    public static string Describe(LedKind kind) => kind switch
    {
        LedKind.Event => "Organised an event",
        LedKind.SessionTopic => "Led a session on their proposed topic",
        _ => "Scheduled a discussion prompt",
    };

    /// <summary>
    /// The record as CSV (RFC 4180): one row per fact, <c>kind,group,date,item,count,hours,note</c>. Text that a
    /// spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
    /// </summary>
    public static string Csv(DevelopmentView view)
    {
        var csv = new StringBuilder("kind,group,date,item,count,hours,note\r\n");
        void Row(string kind, string? group, string? date, string item, int? count = null, decimal? hours = null, string? note = null) =>
            csv.Append(string.Join(',', kind, Cell(group), date ?? "", Cell(item), count?.ToString(CultureInfo.InvariantCulture) ?? "",
                hours?.ToString("0.##", CultureInfo.InvariantCulture) ?? "", Cell(note))).Append("\r\n");

        foreach (var group in view.Groups)
        {
            foreach (var attended in group.SessionsAttended)
            {
                Row("session_attended", group.GroupName, Day(attended.At), attended.Title);
            }

            foreach (var led in group.ActivitiesLed)
            {
                Row(led.Kind switch { LedKind.Event => "led_event", LedKind.SessionTopic => "led_session", _ => "led_prompt" }, group.GroupName, Day(led.At),
                    led.Title, note: led.Cancelled ? "cancelled" : null);
            }

            foreach (var role in group.Roles)
            {
                Row("role", group.GroupName, Day(role.Since), role.Role.ToString(), note: role.Held ? "held" : "no longer held");
            }

            var c = group.Contributions;
            foreach (var (item, count) in new[]
                     {
                         ("topics", c.Topics), ("replies", c.Replies), ("accepted_answers", c.AcceptedAnswers), ("wiki_pages_created", c.WikiPagesCreated),
                         ("wiki_edits", c.WikiEdits), ("blog_posts", c.BlogPosts), ("resources", c.Resources), ("topic_summaries", c.TopicSummaries),
                     })
            {
                Row("contribution", group.GroupName, null, item, count);
            }

            foreach (var skill in group.CharterSkills)
            {
                Row("charter_skill", group.GroupName, null, skill);
            }
        }

        foreach (var entry in view.Entries)
        {
            Row("own_entry", null, entry.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), entry.Skill, hours: entry.Hours, note: entry.Note);
        }

        return csv.ToString();
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var safe = text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            const string record = "/api/engagement/members/{memberId:guid}/development";
            app.MapGet(record, (Guid memberId, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Query(memberId), cancellationToken))
                .WithSummary("The caller's professional-development record: sessions attended, activities led, roles, contributions, skills, own entries (the member only; 404 for anyone else).")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapGet(record + ".csv", async (Guid memberId, IMediator mediator, CancellationToken cancellationToken) =>
                    TypedResults.Text(Csv(await mediator.Send(new Query(memberId), cancellationToken)), "text/csv; charset=utf-8"))
                .WithSummary("The caller's professional-development record as CSV: kind,group,date,item,count,hours,note (the member only).")
                .Produces<string>(StatusCodes.Status200OK, "text/csv")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapPost(record + "/entries", async (Guid memberId, AddEntry add, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var entry = await mediator.Send(add with { MemberId = memberId }, cancellationToken);
                    return TypedResults.Created($"/api/engagement/members/{memberId}/development/entries/{entry.Id}", entry);
                })
                .WithSummary("Adds an entry of the caller's own to their record: a skill practised on a day, with an optional note and hours.")
                .RequireAuthorization(MemberPolicy.Name);
            app.MapDelete(record + "/entries/{entryId:guid}", async (Guid memberId, Guid entryId, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    await mediator.Send(new RemoveEntry(memberId, entryId), cancellationToken);
                    return TypedResults.NoContent();
                })
                .WithSummary("Removes one of the caller's own entries.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
