using Marten;
using MediatR;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;
using Wolverine;

namespace OCoP.Modules.Discussions.Posts;

/// <summary>
/// What the composer asks while a member writes (issue 19, item 3): a preview rendered exactly as the post will be
/// (<see cref="Posting.Render"/>: the same renderer and mention links), and the group's members whose @handle starts
/// with what they typed. Both for members who may post in the group; nothing is saved.
/// </summary>
internal static class Composing
{
    internal sealed record Preview(Guid GroupId, string Source) : IRequest<string>;

    internal sealed record Mentions(Guid GroupId, string Prefix) : IRequest<IReadOnlyList<Suggestion>>;

    internal sealed record Suggestion(Guid MemberId, string Handle, string DisplayName);

    /// <summary>A post is at most this long (StartTopic, Reply); a preview of more says nothing more.</summary>
    private const int MaxSource = 20_000;

    internal sealed class PreviewHandler(IDiscussionsStore store, IMessageBus bus, CurrentMember me, MarkdownRenderer markdown) : IRequestHandler<Preview, string>
    {
        public async Task<string> Handle(Preview preview, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            (await GroupAccess.ForReadAsync(session, bus, preview.GroupId, me, cancellationToken)).Require(GroupAction.Post);
            var source = preview.Source.Length > MaxSource ? preview.Source[..MaxSource] : preview.Source;
            var mentioned = await Posting.ResolveMentionsAsync(session, preview.GroupId, me.Id, source, cancellationToken);
            return Posting.Render(markdown, source, mentioned);
        }
    }

    internal sealed class MentionsHandler(IDiscussionsStore store, IMessageBus bus, CurrentMember me) : IRequestHandler<Mentions, IReadOnlyList<Suggestion>>
    {
        public async Task<IReadOnlyList<Suggestion>> Handle(Mentions mentions, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            (await GroupAccess.ForReadAsync(session, bus, mentions.GroupId, me, cancellationToken)).Require(GroupAction.Post);
            var prefix = MemberNames.HandleFor(mentions.Prefix);
            var members = await session.Query<MembershipFacts>().Where(m => m.GroupId == mentions.GroupId && m.Active)
                .Select(m => m.MemberId).Take(2000).ToListAsync(cancellationToken);
            var people = await session.LoadManyAsync<MemberFacts>(cancellationToken, members.ToArray());
            return people.Where(p => !p.Deleted && p.Id != me.Id && (prefix.Length == 0 || p.Handle.StartsWith(prefix, StringComparison.Ordinal)
                                                                      || p.DisplayName.StartsWith(mentions.Prefix, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(p => p.Handle, StringComparer.Ordinal).Take(8)
                .Select(p => new Suggestion(p.Id, p.Handle, p.DisplayName)).ToList();
        }
    }
}
