using Marten;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Knowledge.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Discussions.Topics;

/// <summary>
/// Notes in a topic that a curator captured it into the wiki, with a link to the page, from Knowledge's event (this module
/// never reads the wiki's tables). One note per page: capturing into the same page again, or a redelivery, only
/// refreshes its title. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class WikiCaptureNoteHandler
{
    public static async Task Handle(WikiPageCaptured captured, IDocumentSession session, CancellationToken cancellationToken)
    {
        var topic = await RowLocks.LoadForUpdateAsync<Topic>(session, captured.TopicId, cancellationToken);
        if (topic is null || topic.GroupId != captured.GroupId)
        {
            return;
        }

        var note = new WikiPageNote(captured.PageId, captured.Title, captured.Path, captured.At);
        var index = topic.WikiPages.FindIndex(n => n.PageId == captured.PageId);
        if (index >= 0)
        {
            topic.WikiPages[index] = note with { At = topic.WikiPages[index].At };
        }
        else
        {
            topic.WikiPages.Add(note);
        }

        session.Store(topic.Indexed());
    }
}
