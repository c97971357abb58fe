using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Knowledge.Contracts;
using OCoP.Modules.Knowledge.Wiki;
using OCoP.Modules.Membership.Access;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Knowledge.Resources;

/// <summary>Add an entry to the group's resource directory (contributors and above: <see cref="GroupAction.Post"/>).</summary>
internal static class SubmitResource
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 5_000;
    public const int MaxTags = 10;
    public const int MaxTagLength = 40;
    public const int MaxFieldLength = 100;

    internal sealed record Command(ResourceKind Kind, string Title, string Description, string? Url, List<string> Tags, string? Audience, string? Level)
        : IRequest<Submitted>
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public Guid GroupId { get; init; }
    }

    internal sealed record Submitted(Guid Id, string Path);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).IsInEnum();
            RuleFor(c => c.Title).NotEmpty().MaximumLength(MaxTitleLength);
            RuleFor(c => c.Description).NotNull().MaximumLength(MaxDescriptionLength);
            RuleFor(c => c.Url).NotEmpty().When(c => c.Kind == ResourceKind.Link).WithMessage("A link needs its web address.");
            RuleFor(c => c.Url).Must(ResourceAccess.IsWebAddress).WithMessage("Give a web address starting with http:// or https://.");
            RuleFor(c => c.Tags).NotNull().Must(t => t is null || t.Count <= MaxTags).WithMessage($"At most {MaxTags} tags.");
            RuleForEach(c => c.Tags).NotEmpty().MaximumLength(MaxTagLength);
            RuleFor(c => c.Audience).MaximumLength(MaxFieldLength);
            RuleFor(c => c.Level).MaximumLength(MaxFieldLength);
        }
    }

    /// <summary>Tags as the directory filters on them: trimmed, lower case, each once.</summary>
    internal static List<string> NormalizeTags(IEnumerable<string> tags) =>
        [.. tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct()];

    internal sealed class Handler(OutboxedSessionFactory<IKnowledgeStore> sessions, IMessageBus bus, CurrentMember me, TimeProvider clock)
        : IRequestHandler<Command, Submitted>
    {
        public async Task<Submitted> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            var group = (await WikiAccess.ForWriteAsync(session, bus, command.GroupId, me, cancellationToken)).RequireToChange(GroupAction.Post);
            var now = clock.GetUtcNow();
            var resource = new Resource
            {
                Id = Guid.CreateVersion7(), GroupId = group.GroupId, Kind = command.Kind, Title = command.Title.Trim(), Description = command.Description.Trim(),
                Url = command.Url is { Length: > 0 } url ? url.Trim() : null, Tags = NormalizeTags(command.Tags), Audience = command.Audience?.Trim() ?? "",
                Level = command.Level?.Trim() ?? "", SubmittedBy = me.Id, SubmittedAt = now, UpdatedAt = now,
                LinkState = command.Url is { Length: > 0 } ? LinkState.Unchecked : LinkState.Working,
            };
            resource.Key = Resource.KeyFor(now, resource.Id);
            session.Store(resource);
            var path = ResourcePaths.Resource(group.Slug, resource.Id);
            await bus.PublishAsync(new ResourceAdded(group.GroupId, resource.Id, resource.Title, resource.Kind.ToString(), me.Id, path, now));
            await ResourceAccess.IndexAsync(bus, resource, group.Slug, now);
            await session.SaveChangesAsync(cancellationToken);
            return new Submitted(resource.Id, path);
        }
    }

    internal sealed class Endpoint : ICarterModule
    {
        public void AddRoutes(IEndpointRouteBuilder app) =>
            app.MapPost("/api/knowledge/groups/{groupId:guid}/resources", async (Guid groupId, Command command, IMediator mediator, CancellationToken cancellationToken) =>
                {
                    var submitted = await mediator.Send(command with { GroupId = groupId }, cancellationToken);
                    return TypedResults.Created(ResourcePaths.Api(groupId, submitted.Id), submitted);
                })
                .WithSummary("Add a resource to the group's directory: a kind, title, description, web address (for links), tags, audience and level.")
                .RequireAuthorization(MemberPolicy.Name);
    }
}
