using OCoP.Modules.Engagement.Health;

namespace OCoP.Modules.Tests.Engagement;

/// <summary>The stage rules of docs/health.md.</summary>
public sealed class SalmonStagesTests
{
    private static readonly DateTimeOffset Joined = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_member_who_only_joined_is_at_access_and_motivation_and_is_stuck_after_two_weeks_with_a_welcome_suggested()
    {
        var early = SalmonStages.Classify(new StageEvidence(Joined), Joined.AddDays(3));
        early.Stage.ShouldBe(SalmonStage.AccessAndMotivation);
        early.Stuck.ShouldBeFalse();
        var late = SalmonStages.Classify(new StageEvidence(Joined), Joined.AddDays(15));
        late.Stuck.ShouldBeTrue();
        late.For.ShouldBe(TimeSpan.FromDays(15));
        late.SuggestedAction!.ShouldStartWith("Welcome");
    }

    [Fact]
    public void Finishing_orientation_or_a_first_post_is_online_socialisation_from_the_earlier_of_the_two()
    {
        var standing = SalmonStages.Classify(new StageEvidence(Joined, OrientationFinishedAt: Joined.AddDays(2), FirstPostAt: Joined.AddDays(1)), Joined.AddDays(5));
        standing.Stage.ShouldBe(SalmonStage.OnlineSocialisation);
        standing.ReachedAt.ShouldBe(Joined.AddDays(1));
        standing.SuggestedAction!.ShouldContain("reply");
    }

    [Fact]
    public void Three_replies_or_a_shared_resource_is_information_exchange()
    {
        SalmonStages.Classify(new StageEvidence(Joined, FirstPostAt: Joined.AddDays(1), ThirdReplyAt: Joined.AddDays(4)), Joined.AddDays(5))
            .Stage.ShouldBe(SalmonStage.InformationExchange);
        SalmonStages.Classify(new StageEvidence(Joined, FirstPostAt: Joined.AddDays(1), FirstResourceSharedAt: Joined.AddDays(1)), Joined.AddDays(5))
            .Stage.ShouldBe(SalmonStage.InformationExchange);
    }

    [Fact]
    public void An_accepted_answer_is_knowledge_construction_and_leading_is_development_with_nothing_more_to_suggest()
    {
        var evidence = new StageEvidence(Joined, FirstPostAt: Joined.AddDays(1), ThirdReplyAt: Joined.AddDays(3), FirstAcceptedAnswerAt: Joined.AddDays(6));
        SalmonStages.Classify(evidence, Joined.AddDays(7)).Stage.ShouldBe(SalmonStage.KnowledgeConstruction);
        var leading = SalmonStages.Classify(evidence with { LeadershipAt = Joined.AddDays(20) }, Joined.AddDays(60));
        leading.Stage.ShouldBe(SalmonStage.Development);
        leading.SuggestedAction.ShouldBeNull();
        leading.Stuck.ShouldBeFalse();
    }

    [Fact]
    public void Stages_are_a_ladder_a_later_milestone_without_the_earlier_ones_does_not_skip_stages()
    {
        // An accepted answer recorded without any post (not possible today, but the rule must not skip): stays at stage 1.
        SalmonStages.Classify(new StageEvidence(Joined, FirstAcceptedAnswerAt: Joined.AddDays(2)), Joined.AddDays(3))
            .Stage.ShouldBe(SalmonStage.AccessAndMotivation);
        // Reached at the later of the stage below and its own milestone.
        SalmonStages.Classify(new StageEvidence(Joined, FirstPostAt: Joined.AddDays(5), FirstResourceSharedAt: Joined.AddDays(2)), Joined.AddDays(6))
            .ReachedAt.ShouldBe(Joined.AddDays(5));
    }
}
