namespace OCoP.Modules.Engagement.Health;

/// <summary>Salmon's five stages of online learning, as docs/health.md reads them from what a member does in a group.</summary>
internal enum SalmonStage
{
    AccessAndMotivation = 1,
    OnlineSocialisation = 2,
    InformationExchange = 3,
    KnowledgeConstruction = 4,
    Development = 5,
}

/// <summary>
/// When a member first did each observable thing in one group (null: not yet). Knowledge and Events will fill the wiki
/// and session milestones as they publish them.
/// </summary>
internal sealed record StageEvidence(
    DateTimeOffset JoinedAt,
    DateTimeOffset? OrientationFinishedAt = null,
    DateTimeOffset? FirstPostAt = null,
    DateTimeOffset? ThirdReplyAt = null,
    DateTimeOffset? FirstResourceSharedAt = null,
    DateTimeOffset? FirstAcceptedAnswerAt = null,
    DateTimeOffset? FirstWikiEditAt = null,
    DateTimeOffset? LeadershipAt = null);

/// <summary>Where a member stands: the stage, since when, for how long, and what a facilitator could do next.</summary>
internal sealed record StageStanding(SalmonStage Stage, DateTimeOffset ReachedAt, TimeSpan For, string? SuggestedAction, bool Stuck);

/// <summary>
/// The stage rules of docs/health.md, pure: a ladder, each stage reached when the one below is reached and one of its own
/// milestones happened; reached at the later of the two. A member is stuck when they have stayed at a stage longer than
/// <see cref="StuckAfter"/>, and the facilitator is offered the action that helps at that stage.
/// </summary>
internal static class SalmonStages
{
    public static readonly TimeSpan StuckAfter = TimeSpan.FromDays(14);

    public static StageStanding Classify(StageEvidence evidence, DateTimeOffset now)
    {
        var stage = SalmonStage.AccessAndMotivation;
        var reachedAt = evidence.JoinedAt;
        foreach (var (next, milestones) in new (SalmonStage, DateTimeOffset?[])[]
                 {
                     (SalmonStage.OnlineSocialisation, [evidence.OrientationFinishedAt, evidence.FirstPostAt]),
                     (SalmonStage.InformationExchange, [evidence.ThirdReplyAt, evidence.FirstResourceSharedAt]),
                     (SalmonStage.KnowledgeConstruction, [evidence.FirstAcceptedAnswerAt, evidence.FirstWikiEditAt]),
                     (SalmonStage.Development, [evidence.LeadershipAt]),
                 })
        {
            var earliest = milestones.OfType<DateTimeOffset>().DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (earliest == DateTimeOffset.MaxValue)
            {
                break;
            }

            stage = next;
            reachedAt = earliest > reachedAt ? earliest : reachedAt;
        }

        var stayed = now > reachedAt ? now - reachedAt : TimeSpan.Zero;
        var action = SuggestedAction(stage);
        return new StageStanding(stage, reachedAt, stayed, action, action is not null && stayed > StuckAfter);
    }

    public static string NameOf(SalmonStage stage) => stage switch
    {
        SalmonStage.AccessAndMotivation => "Access and motivation",
        SalmonStage.OnlineSocialisation => "Online socialisation",
        SalmonStage.InformationExchange => "Information exchange",
        SalmonStage.KnowledgeConstruction => "Knowledge construction",
        _ => "Development",
    };

    /// <summary>What helps a member to the next stage; none at the last.</summary>
    public static string? SuggestedAction(SalmonStage stage) => stage switch
    {
        SalmonStage.AccessAndMotivation => "Welcome them and point to the orientation.",
        SalmonStage.OnlineSocialisation => "Invite them to reply to an open question.",
        SalmonStage.InformationExchange => "Ask them to document what they shared (an answer, a wiki page).",
        SalmonStage.KnowledgeConstruction => "Invite them to lead a session or mentor a newcomer.",
        _ => null,
    };

    /// <summary>The same step told to the member themselves (their profile, their own stage); none at the last.</summary>
    public static string? NextStepFor(SalmonStage stage) => stage switch
    {
        SalmonStage.AccessAndMotivation => "Introduce yourself or reply to a discussion.",
        SalmonStage.OnlineSocialisation => "Reply to open questions and share a resource you use.",
        SalmonStage.InformationExchange => "Answer a question well enough to have it accepted, or write up what you know in the wiki.",
        SalmonStage.KnowledgeConstruction => "Lead a session or mentor a newcomer.",
        _ => null,
    };
}
