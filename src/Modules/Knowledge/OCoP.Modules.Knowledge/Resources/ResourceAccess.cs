using Marten;
using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Membership.Access;
using Wolverine;

namespace OCoP.Modules.Knowledge.Resources;

/// <summary>Finding a group's resources through the shared group-access rule (docs/adr/0010), and telling search of them.</summary>
internal static class ResourceAccess
{
    /// <summary>404 for a resource of another group, exactly as for one that does not exist.</summary>
    public static async Task<Resource> FindAsync(IQuerySession session, GroupViewer group, Guid resourceId, CancellationToken cancellationToken)
    {
        var resource = await session.LoadAsync<Resource>(resourceId, cancellationToken);
        return resource is not null && resource.GroupId == group.GroupId && group.CanRead ? resource : throw ProblemException.NotFound("The resource");
    }

    /// <summary>Only web addresses (http, https) with a host: a <c>javascript:</c> or <c>data:</c> URL is refused.</summary>
    public static bool IsWebAddress(string? url) =>
        url is null || (url.Length <= 2000 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
                        uri.Host.Length > 0);

    /// <summary>The resource's current text for /search (docs/search.md); a vetted resource counts as endorsed content.</summary>
    public static Task IndexAsync(IMessageBus bus, Resource resource, string groupSlug, DateTimeOffset now) =>
        bus.PublishAsync(new SearchableContentChanged(SearchableKind.Resource, resource.Id, null, resource.GroupId, resource.SubmittedBy, resource.Title,
            resource.Description, resource.Kind.ToString(), resource.Tags, ResourcePaths.Resource(groupSlug, resource.Id), resource.Vetted, resource.SubmittedAt,
            now)).AsTask();
}
