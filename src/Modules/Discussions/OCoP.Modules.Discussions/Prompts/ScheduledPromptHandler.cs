using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Prompts;

/// <summary>
/// Posts a scheduled prompt's occurrence when its durable message comes due: as its author, through the same
/// <see cref="StartTopic"/> rules as if they posted then (a facilitator who lost the role, or a read-only group, records
/// a failure instead). The prompt row stays locked while the topic is written, and an occurrence already in
/// <see cref="ScheduledPrompt.Posted"/> is skipped: once, whatever the number of hosts or redeliveries (ADR 0056).
/// The topic's session is the only one enlisted in this message's outbox. Public for Wolverine (docs/adr/0001).
/// </summary>
public static class ScheduledPromptHandler
{
    public sealed record PostScheduledPrompt(Guid PromptId, int Occurrence);

    public static async Task Handle(PostScheduledPrompt due, IDiscussionsStore store, IMessageContext bus, OutboxedSessionFactory<IDiscussionsStore> sessions,
        TimeProvider clock, MarkdownRenderer markdown, IConfiguration configuration, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var prompt = await RowLocks.LoadForUpdateAsync<ScheduledPrompt>(session, due.PromptId, cancellationToken);
        if (prompt is null || prompt.Cancelled || prompt.Posted.ContainsKey(due.Occurrence) || prompt.Failed.ContainsKey(due.Occurrence))
        {
            return;
        }

        var author = new CurrentMember(new ActingMember(prompt.AuthorId));
        // The module's options as the container would bind them (their type is internal, so not a parameter here).
        var options = Options.Create(configuration.GetSection(DiscussionsOptions.Section).Get<DiscussionsOptions>() ?? new DiscussionsOptions());
        try
        {
            var started = await new StartTopic.Handler(sessions, bus, author, clock, markdown, options)
                .Handle(new StartTopic.Command(TopicKind.Discussion, prompt.Title, prompt.Body, null, null, null) { GroupId = prompt.GroupId }, cancellationToken);
            prompt.Posted[due.Occurrence] = started.Number;
        }
        catch (ProblemException problem)
        {
            prompt.Failed[due.Occurrence] = problem.Detail ?? problem.Message;
        }

        session.Store(prompt);
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The prompt's author as the "current member" of the posting rules, outside any HTTP request.</summary>
    private sealed class ActingMember(Guid memberId) : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; } = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, memberId.ToString())], "scheduled-prompt")),
        };
    }
}
