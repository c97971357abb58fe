using OCoP.Modules.Membership.Access;
using System.Net;
using System.Net.Http.Json;
using OCoP.Modules.Membership.Contracts;
using OCoP.Modules.Membership.Groups;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Groups;

/// <summary>Every role against every group action, through the HTTP API, on a members-only group.</summary>
public sealed class GroupAuthorizationTests(GroupAuthorizationTests.App app) : IClassFixture<GroupAuthorizationTests.App>
{
    public sealed class App : OCoPApp
    {
        public const string AdministratorEmail = "site-admin@example.org";
        private readonly SemaphoreSlim gate = new(1, 1);
        private Cast? cast;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:SiteAdministrators:0"] = AdministratorEmail,
        };

        /// <summary>The people every case uses, registered once: each case gets its own group.</summary>
        public async Task<Cast> CastAsync()
        {
            await gate.WaitAsync();
            try
            {
                return cast ??= new Cast(
                    await this.RegisterConfirmedAsync("Sponsor"),
                    await this.RegisterConfirmedAsync("Actor"),
                    await this.RegisterConfirmedAsync("Target"),
                    await this.RegisterConfirmedAsync("Requester"),
                    await RegisterAdministratorAsync());
            }
            finally
            {
                gate.Release();
            }
        }

        private async Task<TestMember> RegisterAdministratorAsync()
        {
            var session = CreateSession();
            var registered = await (await session.PostAsJsonAsync("/api/membership/account/register", new { email = AdministratorEmail, password = Members.Password, displayName = "Admin" }))
                .RegisteredIdAsync();
            var (memberId, token) = await Members.ConfirmationLinkAsync(this, AdministratorEmail, registered);
            await session.PostAsJsonAsync("/api/membership/account/confirm", new { memberId, token });
            (await session.PostAsJsonAsync("/api/membership/account/sign-in", new { email = AdministratorEmail, password = Members.Password })).EnsureSuccessStatusCode();
            return new TestMember(memberId, AdministratorEmail, Members.Password, "Admin", session);
        }
    }

    public sealed record Cast(TestMember Sponsor, TestMember Actor, TestMember Target, TestMember Requester, TestMember Administrator);

    /// <summary>Who the actor is in the group.</summary>
    public enum As { NonMember, Reader, Contributor, DomainExpert, Facilitator, Sponsor, SiteAdministrator }

    public enum Operation
    {
        ReadContent, EditCharter, ChangeSettings, ListRequests, ApproveRequest, Invite, RemoveMember, AssignContributorRoles, AssignFacilitator,
        PublishCodeOfConduct, Archive,
    }

    // The documented matrix (docs/groups.md): what each role may do, cumulatively.
    private static readonly Dictionary<As, Operation[]> Allowed = new()
    {
        [As.NonMember] = [],
        [As.Reader] = [Operation.ReadContent],
        [As.Contributor] = [Operation.ReadContent],
        [As.DomainExpert] = [Operation.ReadContent],
        [As.Facilitator] =
        [
            Operation.ReadContent, Operation.EditCharter, Operation.ListRequests, Operation.ApproveRequest, Operation.Invite, Operation.RemoveMember,
            Operation.AssignContributorRoles, Operation.PublishCodeOfConduct,
        ],
        [As.Sponsor] = Enum.GetValues<Operation>(),
        [As.SiteAdministrator] = Enum.GetValues<Operation>(),
    };

    public static TheoryData<As, Operation> Cases()
    {
        var cases = new TheoryData<As, Operation>();
        foreach (var role in Enum.GetValues<As>())
        {
            foreach (var operation in Enum.GetValues<Operation>())
            {
                cases.Add(role, operation);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_may_do_exactly_what_the_matrix_allows(As role, Operation operation)
    {
        var cast = await app.CastAsync();
        var group = await cast.Sponsor.CreateGroupAsync("Matrix", visibility: "MembersOnly");
        var actor = role == As.SiteAdministrator ? cast.Administrator : cast.Actor;
        if (role is not (As.NonMember or As.SiteAdministrator))
        {
            (await actor.JoinAsync(group)).EnsureSuccessStatusCode();
            (await cast.Sponsor.SetRolesAsync(group, actor.Id, role.ToString())).EnsureSuccessStatusCode();
        }

        (await cast.Target.JoinAsync(group)).EnsureSuccessStatusCode();
        (await cast.Sponsor.SettingsAsync(group, visibility: "MembersOnly", joinPolicy: "ByRequest")).EnsureSuccessStatusCode();
        (await cast.Requester.JoinAsync(group)).EnsureSuccessStatusCode();

        var response = await ActAsync(actor.Session, group, operation, cast);

        var body = await response.Content.ReadAsStringAsync();
        if (Allowed[role].Contains(operation))
        {
            response.IsSuccessStatusCode.ShouldBeTrue($"{role} should be allowed to {operation}: {(int)response.StatusCode} {body}");
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{role} must not {operation}: {body}");
        }
    }

    [Fact]
    public void The_permission_matrix_grants_each_role_what_the_documentation_says()
    {
        // Rows: roles; columns: GroupAction in declaration order. Each role includes the one above it.
        var expected = new Dictionary<GroupRole, string>
        {
            //                          Read Follow Post Wiki Curate Vet Accept Approve Invite Remove Moderate Orient Events Code Assign AssignFac Charter Settings Archive
            [GroupRole.Reader] =       "1    1      0    0    0      0   0      0       0      0      0        0      0      0    0      0         0       0        0",
            [GroupRole.Contributor] =  "1    1      1    1    0      0   0      0       0      0      0        0      0      0    0      0         0       0        0",
            [GroupRole.DomainExpert] = "1    1      1    1    1      1   1      0       0      0      0        0      0      0    0      0         0       0        0",
            [GroupRole.Facilitator] =  "1    1      1    1    1      1   1      1       1      1      1        1      1      1    1      0         1       0        0",
            [GroupRole.Sponsor] =      "1    1      1    1    1      1   1      1       1      1      1        1      1      1    1      1         1       1        1",
        };

        var actions = Enum.GetValues<GroupAction>();
        foreach (var (role, row) in expected)
        {
            var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            cells.Length.ShouldBe(actions.Length);
            for (var i = 0; i < actions.Length; i++)
            {
                GroupPermissions.Allows([role], actions[i]).ShouldBe(cells[i] == "1", $"{role} / {actions[i]}");
            }
        }
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid group, Operation operation, Cast cast) => operation switch
    {
        Operation.ReadContent => client.GetAsync($"/api/membership/groups/{group}/members"),
        Operation.EditCharter => client.PutAsJsonAsync($"/api/membership/groups/{group}/charter", new { charter = GroupsApi.Charter("Changed") }),
        Operation.ChangeSettings => client.PutAsJsonAsync($"/api/membership/groups/{group}/settings", new { visibility = "Public", joinPolicy = "Open" }),
        Operation.ListRequests => client.GetAsync($"/api/membership/groups/{group}/members?state=Requested"),
        Operation.ApproveRequest => client.PostAsJsonAsync($"/api/membership/groups/{group}/join-requests/{cast.Requester.Id}/decide", new { approve = true }),
        Operation.Invite => client.PostAsJsonAsync($"/api/membership/groups/{group}/invitations", new { email = Members.NewEmail("invitee") }),
        Operation.RemoveMember => client.PostAsJsonAsync($"/api/membership/groups/{group}/members/{cast.Target.Id}/remove", new { reason = "Test" }),
        Operation.AssignContributorRoles => client.PutAsJsonAsync($"/api/membership/groups/{group}/members/{cast.Target.Id}/roles", new { roles = new[] { "DomainExpert" } }),
        Operation.AssignFacilitator => client.PutAsJsonAsync($"/api/membership/groups/{group}/members/{cast.Target.Id}/roles", new { roles = new[] { "Facilitator" } }),
        Operation.PublishCodeOfConduct => client.PutAsJsonAsync($"/api/membership/groups/{group}/code-of-conduct", new { clauses = new[] { "Be kind." } }),
        Operation.Archive => client.PutAsJsonAsync($"/api/membership/groups/{group}/status", new { status = "Archived" }),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
