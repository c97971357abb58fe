using Marten;
using Microsoft.Extensions.Configuration;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Engagement.Contracts;
using OCoP.Modules.Membership.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Search;

/// <summary>
/// Keeps the search index (docs/search.md) from other modules' events: content through the public
/// <see cref="SearchableContentChanged"/>/<see cref="SearchableContentRemoved"/> contract, hiding, deletion and accepted
/// answers from Discussions' own events, people and groups from Membership's. Runs in its own durable queue; every write
/// commits with the inbox. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class SearchIndexHandler
{
    public static async Task Handle(SearchableContentChanged changed, IDocumentSession session, IConfiguration configuration)
    {
        if (changed.SourceId == Guid.Empty || changed.Path is not ['/', not '/', ..])
        {
            throw new Community.MalformedEventException($"Malformed {nameof(SearchableContentChanged)}: it needs a source id and a site-relative path. Received: {changed}");
        }

        var setup = await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        SearchIndex.Upsert(session, setup, EntryOf(changed));
    }

    /// <summary>The index's row for what a module published (also how the benchmark generator fills the index).</summary>
    internal static SearchEntry EntryOf(SearchableContentChanged changed) =>
        new(changed.SourceId, SearchKinds.Of(changed.Kind), changed.ParentId, changed.GroupId, changed.AuthorId, changed.Title, changed.Text,
            changed.Context, changed.Tags ?? [], changed.Path, changed.Accepted, changed.CreatedAt, changed.ChangedAt);

    public static async Task Handle(SearchableContentRemoved removed, IDocumentSession session, IConfiguration configuration)
    {
        await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        SearchIndex.Remove(session, removed.SourceId, SearchKinds.Of(removed.Kind), removed.RemovedAt, withChildren: true);
    }

    /// <summary>A hidden opening post hides its topic from search (its visible replies stay); a hidden reply hides itself.</summary>
    public static async Task Handle(PostHidden hidden, IDocumentSession session, IConfiguration configuration)
    {
        await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        if (hidden.PostNumber <= 1)
        {
            SearchIndex.Remove(session, hidden.TopicId, SearchKinds.Of(SearchableKind.Topic), hidden.HiddenAt, withChildren: false);
        }
        else
        {
            SearchIndex.Remove(session, hidden.PostId, SearchKinds.Of(SearchableKind.Post), hidden.HiddenAt, withChildren: false);
        }
    }

    /// <summary>Deleting the opening post deletes the topic, and with it every reply.</summary>
    public static async Task Handle(PostDeleted deleted, IDocumentSession session, IConfiguration configuration)
    {
        await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        if (deleted.PostNumber <= 1)
        {
            SearchIndex.Remove(session, deleted.TopicId, SearchKinds.Of(SearchableKind.Topic), deleted.DeletedAt, withChildren: true);
        }
        else
        {
            SearchIndex.Remove(session, deleted.PostId, SearchKinds.Of(SearchableKind.Post), deleted.DeletedAt, withChildren: false);
        }
    }

    public static async Task Handle(AnswerAccepted accepted, IDocumentSession session, IConfiguration configuration)
    {
        await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        SearchIndex.Accept(session, accepted.TopicId, accepted.PostId);
    }

    public static async Task Handle(GroupCreated created, IDocumentSession session, IConfiguration configuration)
    {
        var setup = await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        SearchIndex.Upsert(session, setup, GroupEntry(created.GroupId, created.Name, created.Slug, created.CreatedAt));
    }

    public static Task Handle(MemberRegistered registered, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ChangeProfileAsync(session, configuration, registered.MemberId, registered.RegisteredAt, cancellationToken, profile =>
        {
            profile.DisplayName = registered.DisplayName;
            profile.RegisteredAt = registered.RegisteredAt;
        });

    public static Task Handle(MemberProfileChanged changed, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken) =>
        ChangeProfileAsync(session, configuration, changed.MemberId, changed.ChangedAt, cancellationToken, profile =>
        {
            profile.DisplayName = changed.DisplayName;
            profile.Expertise = [.. changed.Expertise ?? []];
            profile.Interests = [.. changed.Interests ?? []];
        });

    /// <summary>Part of Engagement's erasure (EngagementPersonalDataHandler).</summary>
    internal static async Task ForgetAsync(MemberDeleted deleted, IDocumentSession session, IConfiguration configuration, CancellationToken cancellationToken)
    {
        await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        var profile = await session.LoadAsync<SearchProfile>(deleted.MemberId, cancellationToken) ?? new SearchProfile { Id = deleted.MemberId };
        // Nothing personal is kept, and no profile event, earlier or later, brings the member back into search.
        profile.DisplayName = "";
        profile.Expertise = [];
        profile.Interests = [];
        profile.Deleted = true;
        profile.ChangedAt = DateTimeOffset.MaxValue;
        session.Store(profile);
        SearchIndex.Remove(session, deleted.MemberId, SearchKinds.Member, DateTimeOffset.MaxValue, withChildren: false);
    }

    internal static SearchEntry GroupEntry(Guid groupId, string name, string slug, DateTimeOffset createdAt) =>
        new(groupId, SearchKinds.Group, null, groupId, null, name, slug.Replace('-', ' '), slug, [], $"/groups/{slug}", false, createdAt, createdAt);

    private static async Task ChangeProfileAsync(IDocumentSession session, IConfiguration configuration, Guid memberId, DateTimeOffset at,
        CancellationToken cancellationToken, Action<SearchProfile> change)
    {
        var setup = await SearchIndex.EnsureAsync(session.DocumentStore, configuration);
        var profile = await session.LoadAsync<SearchProfile>(memberId, cancellationToken) ?? new SearchProfile { Id = memberId, RegisteredAt = at };
        if (profile.Deleted || profile.ChangedAt > at)
        {
            return;
        }

        change(profile);
        profile.ChangedAt = at;
        session.Store(profile);
        SearchIndex.Upsert(session, setup, profile.ToEntry());
    }
}
