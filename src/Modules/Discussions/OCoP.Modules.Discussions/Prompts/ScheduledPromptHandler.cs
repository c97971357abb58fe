using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Contracts;
using OCoP.Modules.Discussions.Topics;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Discussions.Prompts;

/// <summary>
/// Posts a scheduled prompt's occurrence when its durable message comes due: as its author, through the same
/// <see cref="StartTopic"/> rules as if they posted then (a facilitator who lost the role, or a read-only group, records
/// a failure instead). The prompt row stays locked while the topic is written, and an occurrence already in
/// <see cref="ScheduledPrompt.Posted"/> is skipped: once, whatever the number of hosts or redeliveries. Then the next
/// occurrence of a series is scheduled. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IDiscussionsStore))]
public static class ScheduledPromptHandler
{
    public sealed record PostScheduledPrompt(Guid PromptId, int Occurrence);

    // The posting rules' own services come from the container: their options type is the module's, not public.
    public static async Task Handle(PostScheduledPrompt due, IDocumentSession session, IMessageContext bus, IServiceProvider services,
        CancellationToken cancellationToken)
    {
        var prompt = await RowLocks.LoadForUpdateAsync<ScheduledPrompt>(session, due.PromptId, cancellationToken);
        if (prompt is null || prompt.Cancelled || prompt.Posted.ContainsKey(due.Occurrence) || prompt.Failed.ContainsKey(due.Occurrence))
        {
            return;
        }

        var author = new CurrentMember(new ActingMember(prompt.AuthorId));
        try
        {
            var started = await new StartTopic.Handler(services.GetRequiredService<OutboxedSessionFactory<IDiscussionsStore>>(), bus, author,
                    services.GetRequiredService<TimeProvider>(), services.GetRequiredService<MarkdownRenderer>(),
                    services.GetRequiredService<IOptions<DiscussionsOptions>>())
                .Handle(new StartTopic.Command(TopicKind.Discussion, prompt.Title, prompt.Body, null, null, null) { GroupId = prompt.GroupId }, cancellationToken);
            prompt.Posted[due.Occurrence] = started.Number;
        }
        catch (ProblemException problem)
        {
            prompt.Failed[due.Occurrence] = problem.Detail ?? problem.Message;
        }

        if (due.Occurrence + 1 < prompt.Occurrences)
        {
            await bus.ScheduleAsync(new PostScheduledPrompt(prompt.Id, due.Occurrence + 1), prompt.At(due.Occurrence + 1));
        }

        session.Store(prompt);
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
