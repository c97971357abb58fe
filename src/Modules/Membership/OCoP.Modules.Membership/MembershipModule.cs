using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Modules;
using OCoP.BuildingBlocks.Scheduling;
using OCoP.Modules.Membership.Accounts;
using OCoP.Modules.Membership.Demo;
using OCoP.Modules.Membership.Groups;
using OCoP.Modules.Membership.Members;
using OCoP.Modules.Membership.Tokens;
using Weasel.Core;

namespace OCoP.Modules.Membership;

/// <summary>Member accounts, profiles, the directory and access tokens. The module's only public entry point.</summary>
public static class MembershipModule
{
    public const string Name = "Membership";
    public const string SchemaName = "membership";
    private const string CookieOrToken = "CookieOrToken";
    private static readonly ModuleDescription Module = new(Name, SchemaName, typeof(MembershipModule).Assembly);

    public static IServiceCollection AddMembershipModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModule<IMembershipStore, MembershipOptions>(configuration, Module, options =>
        {
            options.Schema.For<Member>()
                .UniqueIndex(m => m.NormalizedEmail)
                .Index(m => m.DirectoryKey)
                .GinIndexJsonData();
            options.Schema.For<MemberAvatar>();
            options.Schema.For<PersonalAccessToken>()
                .UniqueIndex(t => t.TokenHash)
                .Index(t => t.MemberId);
            // Optimistic concurrency on groups: two approvals of the last seat cannot both commit.
            options.Schema.For<Group>()
                .UseOptimisticConcurrency(true)
                .UniqueIndex(g => g.Slug)
                .GinIndexJsonData();
            options.Schema.For<GroupMembership>()
                .Index(m => m.GroupId)
                .Index(m => m.MemberId);
            options.Schema.For<CharterRevision>().Index(r => r.GroupId);
            options.Schema.For<GroupInvitation>().UniqueIndex(i => i.TokenHash).Index(i => i.GroupId);
            options.Schema.For<Profiles.PersonalDataExportPart>().Index(p => p.ExportId);
            options.Schema.For<Profiles.PersonalDataExport>();
            options.Schema.For<Profiles.MemberErasure>().Index(e => e.MemberId);
            options.Schema.For<Audit.SecurityEvent>().Index(e => e.PageKey).Index(e => e.At).Index(e => e.MemberId);
        });

        services.AddRecurringJob<IMembershipStore>(DormancyHandler.JobId, TimeSpan.FromMinutes(configuration.GetValue("Groups:SweepIntervalMinutes", 60.0)),
            token => new DormancyHandler.SweepDormantGroups(configuration.GetValue("Groups:DormantAfterDays", 90)) { Token = token });
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            services.AddHostedService<DemoMembers>();
            services.AddHostedService<DemoGroups>(); // after the members it names
        }

        services.AddSingleton<SiteAdministrators>();
        services.AddScoped<AccountEmails>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<Audit.SecurityLog>();
        services.AddRecurringJob<IMembershipStore>(Audit.AuditPruningHandler.JobId, TimeSpan.FromHours(configuration.GetValue("Audit:PruneIntervalHours", 24.0)),
            token => new Audit.AuditPruningHandler.PruneSecurityEvents(configuration.GetValue("Audit:RetentionDays", 365)) { Token = token });

        services.AddIdentityCore<Member>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequiredUniqueChars = 5;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddSignInManager()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders()
            .AddUserStore<MemberUserStore>()
            .AddClaimsPrincipalFactory<MemberClaimsFactory>();

        // One default scheme that picks the cookie for browsers and the token for integrators.
        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrToken;
                options.DefaultChallengeScheme = CookieOrToken;
            })
            .AddPolicyScheme(CookieOrToken, "Session cookie or personal access token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? PersonalAccessTokenAuthentication.SchemeName
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenAuthentication>(PersonalAccessTokenAuthentication.SchemeName, null);
        authentication.AddIdentityCookies();
        // External OpenID Connect providers from configuration (none by default), into Identity's external cookie.
        services.AddExternalSignIn(authentication, configuration);
        services.AddScoped<Register.Registration>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "ocop.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/denied";
            options.SlidingExpiration = true;
            // The API answers 401/403 problems; only pages redirect to the sign-in page.
            options.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        return services;
    }

    public static IEndpointRouteBuilder MapMembershipModule(this IEndpointRouteBuilder app) => app.MapModule(Module);

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Results.Problem(statusCode: status, title: status == 401 ? "Sign-in required" : "Forbidden",
                detail: status == 401 ? "Sign in or send a personal access token." : "You may not do this.").ExecuteAsync(context.HttpContext);
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
