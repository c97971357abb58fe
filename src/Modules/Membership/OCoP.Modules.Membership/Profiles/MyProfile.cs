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

namespace OCoP.Modules.Membership.Profiles;

/// <summary>Read and edit one's own profile: display name, bio, expertise and interests (tags), time zone, the year one began to practise.</summary>
internal static class MyProfile
{
    internal sealed record ProfileView(
        Guid Id,
        string Email,
        string DisplayName,
        string Bio,
        IReadOnlyList<string> Expertise,
        IReadOnlyList<string> Interests,
        string TimeZone,
        bool HasAvatar,
        bool IsSiteAdministrator,
        DateTimeOffset RegisteredAt,
        int? PractisingSince)
    {
        public static ProfileView Of(Member m) => new(m.Id, m.Email, m.DisplayName, m.Bio, m.Expertise, m.Interests, m.TimeZone,
            m.AvatarUpdatedAt is not null, m.IsSiteAdministrator, m.RegisteredAt, m.PractisingSince);
    }

    internal sealed record Get(Guid MemberId) : IRequest<ProfileView>;

    internal sealed record Edit(string DisplayName, string? Bio, IReadOnlyList<string>? Expertise, IReadOnlyList<string>? Interests, string? TimeZone,
        int? PractisingSince = null) : IRequest<ProfileView>
    {
        // Set from the route or the caller, never from the body (docs/api.md).
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid MemberId { get; init; }
    }

    internal sealed class EditValidator : AbstractValidator<Edit>
    {
        public EditValidator(TimeProvider clock)
        {
            RuleFor(e => e.DisplayName).NotEmpty().MaximumLength(80);
            RuleFor(e => e.Bio).MaximumLength(2000);
            RuleFor(e => e.Expertise).Must(t => t is null || t.Count <= 20).WithMessage("At most 20 tags.");
            RuleForEach(e => e.Expertise).NotEmpty().MaximumLength(40);
            RuleFor(e => e.Interests).Must(t => t is null || t.Count <= 20).WithMessage("At most 20 tags.");
            RuleForEach(e => e.Interests).NotEmpty().MaximumLength(40);
            RuleFor(e => e.TimeZone)
                .Must(tz => tz is null || TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
                .WithMessage("Unknown time zone: use an IANA name such as Europe/Paris.");
            RuleFor(e => e.PractisingSince)
                .Must(year => year is null || (year >= 1930 && year <= clock.GetUtcNow().Year))
                .WithMessage("Give the year you began to practise, such as 2009 (not in the future).");
        }
    }

    internal sealed class GetHandler(IMembershipStore store) : IRequestHandler<Get, ProfileView>
    {
        public async Task<ProfileView> Handle(Get request, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var member = await session.LoadAsync<Member>(request.MemberId, cancellationToken);
            return member is { IsDeleted: false } ? ProfileView.Of(member) : throw ProblemException.NotFound("The member");
        }
    }

    internal sealed class EditHandler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus, TimeProvider clock)
        : IRequestHandler<Edit, ProfileView>
    {
        public async Task<ProfileView> Handle(Edit edit, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var member = await session.LoadAsync<Member>(edit.MemberId, cancellationToken);
            if (member is not { IsDeleted: false })
            {
                throw ProblemException.NotFound("The member");
            }

            member.Rename(edit.DisplayName);
            member.Bio = edit.Bio?.Trim() ?? "";
            member.Expertise = Member.NormalizeTags(edit.Expertise);
            member.Interests = Member.NormalizeTags(edit.Interests);
            member.TimeZone = edit.TimeZone ?? member.TimeZone;
            member.PractisingSince = edit.PractisingSince;
            session.Store(member);
            await bus.PublishAsync(new MemberProfileChanged(member.Id, member.DisplayName, member.Expertise, member.Interests,
                member.TimeZone, clock.GetUtcNow(), member.PractisingSince));
            await session.SaveChangesAsync(cancellationToken);
            return ProfileView.Of(member);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app)
        {
            app.MapGet("/api/membership/members/me", (CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(new Get(me.Id), cancellationToken))
                .WithSummary("The signed-in member's own profile.")
                .RequireAuthorization(MemberPolicy.Name);

            app.MapPut("/api/membership/members/me", (Edit edit, CurrentMember me, IMediator mediator, CancellationToken cancellationToken) =>
                    mediator.Send(edit with { MemberId = me.Id }, cancellationToken))
                .WithSummary("Edit the signed-in member's profile.")
                .RequireAuthorization(MemberPolicy.Name);
        }
    }
}
