using Microsoft.Extensions.Configuration;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Persistence;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Prompts;

/// <summary>
/// Posts a scheduled prompt's occurrence when its durable message comes due: as its author, through the same
/// <see cref="StartTopic"/> rules as if they posted then (a facilitator who lost the role, or a read-only group, records
/// a failure instead). The prompt row is locked, the topic written and the occurrence marked in one outboxed
/// transaction, and an occurrence already in <see cref="ScheduledPrompt.Posted"/> is skipped: once, whatever the number
/// of hosts or redeliveries (ADR 0056, ADR 0066). Public for Wolverine (docs/adr/0001).
/// </summary>
public static class ScheduledPromptHandler
{
    /// <summary>One occurrence due; <paramref name="Version"/> is the prompt's when it was scheduled (0 for messages written before versions).</summary>
    public sealed record PostScheduledPrompt(Guid PromptId, int Occurrence, int Version = 0);

    public static async Task Handle(PostScheduledPrompt due, IMessageContext bus, OutboxedSessionFactory<IDiscussionsStore> sessions,
        TimeProvider clock, MarkdownRenderer markdown, IConfiguration configuration, CancellationToken cancellationToken)
    {
        await using var session = sessions.OpenSession(bus);
        var prompt = await RowLocks.LoadForUpdateAsync<ScheduledPrompt>(session, due.PromptId, cancellationToken);
        if (prompt is null || prompt.Cancelled || prompt.Version != due.Version || prompt.Posted.ContainsKey(due.Occurrence)
            || prompt.Failed.ContainsKey(due.Occurrence))
        {
            return;
        }

        try
        {
            var started = await StartTopic.StartForMemberAsync(session, bus, prompt.AuthorId,
                new StartTopic.Command(TopicKind.Discussion, prompt.Title, prompt.Body, null, null, null) { GroupId = prompt.GroupId }, clock, markdown,
                configuration, cancellationToken);
            prompt.Posted[due.Occurrence] = started.Number;
        }
        catch (ProblemException problem)
        {
            prompt.Failed[due.Occurrence] = problem.Detail ?? problem.Message;
        }

        session.Store(prompt);
        await session.SaveChangesAsync(cancellationToken);
    }
}
