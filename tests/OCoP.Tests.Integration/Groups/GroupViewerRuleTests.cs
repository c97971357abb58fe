using OCoP.BuildingBlocks.Errors;
using OCoP.Modules.Membership.Access;
using OCoP.Modules.Membership.Contracts;

namespace OCoP.Tests.Integration.Groups;

/// <summary>The one group-access rule (docs/adr/0010), as pure functions: no host, no database.</summary>
public sealed class GroupViewerRuleTests
{
    private static readonly Guid Someone = Guid.NewGuid();

    private static GroupViewer Viewer(GroupVisibility visibility, Guid? viewer = null, GroupRole[]? roles = null, bool invited = false,
        bool admin = false, GroupStatus status = GroupStatus.Active) =>
        new(Guid.NewGuid(), "g", "The Group", visibility, status, viewer, roles is not null, roles ?? [], invited, admin, null);

    private static int StatusOf(Action act) => Should.Throw<ProblemException>(act).Status;

    [Fact]
    public void A_secret_group_does_not_exist_for_outsiders_but_does_for_invitees_who_still_cannot_read_it()
    {
        StatusOf(() => Viewer(GroupVisibility.Secret, Someone).RequireRead()).ShouldBe(404);
        StatusOf(() => Viewer(GroupVisibility.Secret).RequireRead()).ShouldBe(404);
        var invitee = Viewer(GroupVisibility.Secret, Someone, invited: true);
        invitee.CanSee.ShouldBeTrue();
        invitee.CanRead.ShouldBeFalse();
        Viewer(GroupVisibility.Secret, Someone, [GroupRole.Reader]).CanRead.ShouldBeTrue();
        Viewer(GroupVisibility.Secret, Someone, admin: true).CanRead.ShouldBeTrue();
    }

    [Fact]
    public void Members_only_content_asks_visitors_to_sign_in_and_tells_signed_in_outsiders_to_join()
    {
        StatusOf(() => Viewer(GroupVisibility.MembersOnly).RequireRead()).ShouldBe(401);
        StatusOf(() => Viewer(GroupVisibility.MembersOnly, Someone).RequireRead()).ShouldBe(403);
        Viewer(GroupVisibility.MembersOnly, Someone, [GroupRole.Reader]).RequireRead().CanRead.ShouldBeTrue();
    }

    [Fact]
    public void Public_content_is_read_by_everyone_and_written_by_contributors_and_up()
    {
        Viewer(GroupVisibility.Public).CanRead.ShouldBeTrue();
        StatusOf(() => Viewer(GroupVisibility.Public).Require(GroupAction.Post)).ShouldBe(401);
        StatusOf(() => Viewer(GroupVisibility.Public, Someone).Require(GroupAction.Post)).ShouldBe(403);
        StatusOf(() => Viewer(GroupVisibility.Public, Someone, [GroupRole.Reader]).Require(GroupAction.Post)).ShouldBe(403);
        Viewer(GroupVisibility.Public, Someone, [GroupRole.Contributor]).Can(GroupAction.Post).ShouldBeTrue();
        Viewer(GroupVisibility.Public, Someone, [GroupRole.Contributor]).Can(GroupAction.Moderate).ShouldBeFalse();
        Viewer(GroupVisibility.Public, Someone, [GroupRole.Facilitator]).Can(GroupAction.Moderate).ShouldBeTrue();
        Viewer(GroupVisibility.Public, Someone, admin: true).Can(GroupAction.ArchiveOrClose).ShouldBeTrue();
    }

    [Theory]
    [InlineData(GroupStatus.Archived)]
    [InlineData(GroupStatus.Closed)]
    public void A_read_only_group_refuses_changes_with_409_and_stays_readable(GroupStatus status)
    {
        var contributor = Viewer(GroupVisibility.Public, Someone, [GroupRole.Contributor], status: status);
        contributor.RequireToChange(GroupAction.Read).CanRead.ShouldBeTrue();
        StatusOf(() => contributor.RequireToChange(GroupAction.Post)).ShouldBe(409);
        Viewer(GroupVisibility.Public, Someone, [GroupRole.Sponsor], status: status).RequireToChange(GroupAction.ArchiveOrClose).ShouldNotBeNull();
    }

    [Fact]
    public void Fan_out_lets_anyone_read_a_public_group_and_only_members_read_the_others()
    {
        var members = new HashSet<Guid> { Guid.NewGuid() };
        var membersOnly = new GroupFacts { Id = members.Single(), Slug = "m", Visibility = GroupVisibility.MembersOnly };
        var secret = new GroupFacts { Id = Guid.NewGuid(), Slug = "s", Visibility = GroupVisibility.Secret };
        var open = new GroupFacts { Id = Guid.NewGuid(), Slug = "p", Visibility = GroupVisibility.Public };
        GroupReaders.CanRead(membersOnly, members).ShouldBeTrue();
        GroupReaders.CanRead(secret, members).ShouldBeFalse();
        GroupReaders.CanRead(open, new HashSet<Guid>()).ShouldBeTrue();
    }

    [Fact]
    public void Handles_are_lower_case_letters_and_digits_joined_by_single_underscores()
    {
        MemberNames.HandleFor("  Chloé  Martin-Dupont ").ShouldBe("chloé_martin_dupont");
        MemberNames.HandleFor("R2-D2!").ShouldBe("r2_d2");
    }
}
