using System.Text.RegularExpressions;
using Carter;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Groups;

/// <summary>Create a group through its charter. The creator becomes its sponsor and first facilitator.</summary>
internal static partial class CreateGroup
{
    internal sealed record Command(
        string Name,
        Charter Charter,
        GroupVisibility Visibility = GroupVisibility.Public,
        JoinPolicy JoinPolicy = JoinPolicy.Open,
        int? Capacity = null,
        IReadOnlyList<string>? Topics = null,
        int? TermMonths = null,
        Fee? Fee = null) : IRequest<Created>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid CreatorId { get; init; }
    }

    internal sealed record Created(Guid Id, string Slug);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Charter).NotNull().SetValidator(new CharterValidator());
            RuleFor(c => c.Visibility).IsInEnum();
            RuleFor(c => c.JoinPolicy).IsInEnum();
            RuleFor(c => c.Capacity).InclusiveBetween(2, 100_000).When(c => c.Capacity is not null);
            RuleFor(c => c.Topics).Must(t => t is null || t.Count <= 10).WithMessage("At most 10 topics.");
            RuleForEach(c => c.Topics).NotEmpty().MaximumLength(40);
            RuleFor(c => c.TermMonths).InclusiveBetween(1, 60).When(c => c.TermMonths is not null);
            RuleFor(c => c.Fee!).SetValidator(new FeeValidator()).When(c => c.Fee is not null);
        }
    }

    internal sealed class Handler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, TimeProvider clock)
        : IRequestHandler<Command, Created>
    {
        public async Task<Created> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            await using var session = sessions.OpenSession(bus);
            var group = new Group
            {
                Id = Guid.CreateVersion7(now),
                Name = command.Name.Trim(),
                Topics = Member.NormalizeTags(command.Topics).Take(10).ToList(),
                Visibility = command.Visibility,
                JoinPolicy = command.JoinPolicy,
                Capacity = command.Capacity,
                TermMonths = command.TermMonths,
                Fee = command.Fee,
                MemberCount = 1,
                Charter = command.Charter,
                CreatedBy = command.CreatorId,
                CreatedAt = now,
                LastActivityAt = now,
            };
            group.Slug = await UniqueSlugAsync(session, group.Name, cancellationToken);
            group.Index();

            var sponsor = new GroupMembership
            {
                Id = GroupMembership.IdFor(group.Id, command.CreatorId),
                GroupId = group.Id,
                MemberId = command.CreatorId,
                State = GroupMembershipState.Active,
                Roles = [GroupRole.Sponsor, GroupRole.Facilitator],
                Since = now,
                JoinedAt = now,
            };
            session.Store(group);
            session.Store(sponsor);
            session.Store(new CharterRevision
            {
                Id = CharterRevision.IdFor(group.Id, 1), GroupId = group.Id, Version = 1, Charter = group.Charter, EditedBy = command.CreatorId,
                EditedAt = now,
            });
            await bus.PublishAsync(new GroupCreated(group.Id, group.Slug, group.Name, group.Visibility, command.CreatorId, now,
                group.Charter.SkillsToPractise ?? ""));
            await bus.PublishAsync(new MemberJoinedGroup(group.Id, command.CreatorId, sponsor.Roles, now));
            await session.SaveChangesAsync(cancellationToken);
            return new Created(group.Id, group.Slug);
        }

        private static async Task<string> UniqueSlugAsync(IQuerySession session, string name, CancellationToken cancellationToken)
        {
            var slug = NonSlug().Replace(name.ToLowerInvariant(), "-").Trim('-');
            slug = slug.Length == 0 ? "group" : slug[..Math.Min(slug.Length, 60)].TrimEnd('-');
            var taken = await session.Query<Group>().Where(g => g.Slug == slug || g.Slug.StartsWith(slug + "-")).Select(g => g.Slug)
                .ToListAsync(cancellationToken);
            if (!taken.Contains(slug) && !Guid.TryParse(slug, out _))
            {
                return slug;
            }

            var suffix = 2;
            while (taken.Contains($"{slug}-{suffix}"))
            {
                suffix++;
            }

            return $"{slug}-{suffix}";
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/membership/groups", async (Command command, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var created = await mediator.Send(command with { CreatorId = me.Id }, cancellationToken);
                    return TypedResults.Created($"/api/membership/groups/{created.Id}", created);
                })
                .WithSummary("Create a practice group with its charter; you become its sponsor and facilitator.")
                .RequireAuthorization(MemberPolicy.Name);
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}

internal sealed class FeeValidator : AbstractValidator<Fee>
{
    public FeeValidator()
    {
        RuleFor(f => f.Amount).InclusiveBetween(0, 1_000_000);
        RuleFor(f => f.Currency).NotEmpty().Length(3).Matches("^[A-Z]{3}$").WithMessage("An ISO 4217 code such as EUR.");
    }
}

internal sealed class CharterValidator : AbstractValidator<Charter>
{
    public CharterValidator()
    {
        RuleFor(c => c.Purpose).NotEmpty().MaximumLength(2000);
        RuleFor(c => c.Audience).NotEmpty().MaximumLength(2000);
        RuleFor(c => new[]
            {
                c.WhyNow, c.Recruitment, c.Delivery, c.TechnologyAndSpace, c.Leadership, c.MeetingTypes, c.Cadence, c.Materials, c.Coordination,
                c.Resources, c.Expectations, c.SkillsToPractise, c.ProfessionalDevelopment,
            })
            .Must(fields => fields.All(f => f is null || f.Length <= 4000))
            .WithName("charter")
            .WithMessage("Each charter section is at most 4000 characters.");
    }
}
