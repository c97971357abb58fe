using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Members;
using Wolverine.Marten;

namespace OCoP.Modules.Membership.Profiles;

/// <summary>One module's answer to a member's deletion (<see cref="PersonalDataErased"/>), a document of its own so answers never contend.</summary>
internal sealed class MemberErasure
{
    public string Id { get; set; } = "";
    public Guid MemberId { get; set; }
    public string Module { get; set; } = "";
    public DateTimeOffset ErasedAt { get; set; }

    public static string IdOf(Guid memberId, string module) => $"{memberId:N}/{module}";
}

/// <summary>
/// The deletion's counterpart of the personal-data export (issue 18, item 8): a deleted account is anonymised by every
/// module, each on <see cref="MemberDeleted"/>, and each says so with <see cref="PersonalDataErased"/>. Site
/// administrators read which modules have (for a member who asks, or a regulator); anyone else gets 403, and a member
/// who was not deleted 404.
/// </summary>
internal static class MemberErasures
{
    /// <summary>The modules that erase (Membership itself, in the deletion's own transaction, and the four that handle <see cref="MemberDeleted"/>).</summary>
    internal static IReadOnlyList<string> Modules => PersonalDataExports.Modules;

    internal const string Membership = "membership";

    internal sealed record Status(Guid MemberId, DateTimeOffset DeletedAt, bool Complete, IReadOnlyList<string> Erased, IReadOnlyList<string> Waiting);

    /// <summary>Membership's own answer, stored with the deletion it answers.</summary>
    internal static MemberErasure Own(Guid memberId, DateTimeOffset at) =>
        new() { Id = MemberErasure.IdOf(memberId, Membership), MemberId = memberId, Module = Membership, ErasedAt = at };

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapGet("/api/membership/deletions/{memberId:guid}", async (Guid memberId, CurrentMember me, IMembershipStore store, CancellationToken cancellationToken) =>
                {
                    if (!me.IsSiteAdministrator)
                    {
                        throw ProblemException.Forbidden("Deletions are for site administrators.");
                    }

                    await using var session = store.QuerySession();
                    var member = await session.LoadAsync<Member>(memberId, cancellationToken);
                    if (member?.DeletedAt is not { } deletedAt)
                    {
                        throw ProblemException.NotFound("The deletion");
                    }

                    var erased = (await session.Query<MemberErasure>().Where(e => e.MemberId == memberId).ToListAsync(cancellationToken))
                        .Select(e => e.Module).Distinct().Order(StringComparer.Ordinal).ToList();
                    var waiting = Modules.Except(erased).ToList();
                    return TypedResults.Ok(new Status(memberId, deletedAt, waiting.Count == 0, erased, waiting));
                })
                .WithSummary("Which modules have erased a deleted member's personal data. Site administrators only.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}

/// <summary>Records each module's <see cref="PersonalDataErased"/>. Public for Wolverine (docs/adr/0001).</summary>
[MartenStore(typeof(IMembershipStore))]
public static class MemberErasureHandler
{
    public static void Handle(PersonalDataErased erased, IDocumentSession session) =>
        session.Store(new MemberErasure
        {
            Id = MemberErasure.IdOf(erased.MemberId, erased.Module),
            MemberId = erased.MemberId,
            Module = erased.Module,
            ErasedAt = erased.ErasedAt,
        });
}
