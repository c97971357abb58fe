using OCoP.BuildingBlocks.Email;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Input;
using OCoP.BuildingBlocks.Markdown;
using OCoP.BuildingBlocks.Persistence;
using OCoP.BuildingBlocks.Web;
using OCoP.Host.Infrastructure;
using OCoP.Modules.Discussions;
using OCoP.Modules.Engagement;
using OCoP.Modules.Knowledge;
using OCoP.Modules.Events;
using OCoP.Modules.Membership;
using Scalar.AspNetCore;
using Serilog;
using JasperFx;
using Wolverine;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseOCoPKestrelInput(); // odd requests reach the app and get problem documents (docs/adr/0024)
var connectionString = PostgresSessions.WithoutParallelQuery(builder.Configuration.GetConnectionString("Postgres"));
// Every module reads the connection string from configuration: they all get the same session settings.
builder.Configuration["ConnectionStrings:Postgres"] = connectionString;

// Fail fast, in one line, when PostgreSQL is not there: nothing else can work without it. Writing the pre-generated
// code (`codegen write`, scripts/codegen.sh) needs no database.
if (!CodegenCommand.IsRequested(args) && await DatabaseCheck.ProblemAsync(connectionString) is { } databaseProblem)
{
    await Console.Error.WriteLineAsync(databaseProblem);
    return 1;
}

builder.Host.UseSerilog((context, logging) => logging
    .ReadFrom.Configuration(context.Configuration)
    .Enrich.FromLogContext()
    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}"));
OneLoggerPerCategory.Wrap(builder.Services); // Serilog's factory would make loggers per live connection

// Long searches reach the pages, which refuse them with a message, instead of a bare 414 from the server (issue 19).
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestLineSize = 64 * 1024;
    kestrel.Limits.MaxRequestHeadersTotalSize = 96 * 1024;
});

// One connection pool for every module store and Wolverine, within Postgres:MaxPoolSize (docs/adr/0025).
var dataSource = HostDataSource.Create(connectionString!, builder.Configuration);
builder.Services.AddSingleton(dataSource);
// Extensions are named, not discovered: discovery loads every assembly the host references (Roslyn among them).
builder.Host.UseWolverine(options => options.UseOCoPWolverine(dataSource, builder.Configuration), ExtensionDiscovery.ManualOnly);

builder.Services.TryAddSingletonTimeProvider();
builder.Services.AddOCoPProblemDetails();
builder.Services.AddOCoPWeb();
builder.Services.Configure<SiteOptions>(builder.Configuration.GetSection(SiteOptions.Section));
builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Smtp"));
builder.Services.AddSingleton<EmailSender>();
builder.Services.AddSingleton<MarkdownRenderer>();
builder.Services.AddOCoPRateLimits(builder.Configuration);
builder.Services.AddOCoPClusterReadiness(builder.Configuration); // shared keys, trusted proxies (docs/adr/0040)
// Enums travel as their names ("MembersOnly"), readable by integrators and stable if members are reordered. Numbers are
// JSON numbers only: "20" is not read as 20, so the document types them as integers and a string is a 400 (docs/api.md).
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
});
builder.Services.AddOCoPOpenApi(sessionCookieName: "ocop.session"); // as Membership names it (MembershipModule.cs)
// No client-side validation script runs here (pages work without JS); with it off, an empty validation summary renders
// nothing instead of a hidden <li style="display:none"> that the Content-Security-Policy reports as a violation.
builder.Services.AddRazorPages().AddViewOptions(options => options.HtmlHelperOptions.ClientValidationEnabled = false);
builder.Services.AddAntiforgery(options => options.HeaderName = ApiCsrf.HeaderName);
builder.Services.AddHealthChecks()
    .AddCheck("live", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), tags: ["live"])
    .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);

// One pair of calls per module: the module registers and maps everything it owns.
builder.Services.AddMembershipModule(builder.Configuration);
builder.Services.AddDiscussionsModule(builder.Configuration);
builder.Services.AddEngagementModule(builder.Configuration);
builder.Services.AddKnowledgeModule(builder.Configuration);
builder.Services.AddEventsModule(builder.Configuration);

var app = builder.Build();

app.UseOCoPForwardedHeaders(); // first: everything after sees the client's address, not the proxy's
app.UseSerilogRequestLogging();
// API failures are problem documents (ProblemExceptionHandler); a page request that fails gets the status page instead.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandlingPath = "/status",
    StatusCodeSelector = PageFailures.StatusOf,
    AllowStatusCode404Response = true, // a refusal that is a 404 is answered, not rethrown
});
// The API answers bare status codes with problem documents; people get a page in the site's layout.
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePages());
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePagesWithReExecute("/status/{0}"));
app.UseSecurityHeaders();
app.UseInputGuard(); // control characters in paths and queries, over-long paths, non-UTF-8 JSON (docs/adr/0024)
app.UseRequestBodyLimit(app.Configuration.GetValue("Limits:MaxRequestBodyBytes", 4L * 1024 * 1024));
app.UseSiteAssets(); // static files with cache headers, and the generated initials avatars
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseBearerChallenges(); // a refused bearer token is a 401, never anonymous; every 401 has WWW-Authenticate
app.UseApiCsrfProtection(); // cookie-signed unsafe API requests come from the site itself (docs/adr/0027)
app.UseAuthorization();
app.UseAntiforgery();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthChecks("/health/live", new() { Predicate = check => check.Tags.Contains("live") });
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
app.MapRazorPages();

app.MapMembershipModule();
app.MapDiscussionsModule();
app.MapEngagementModule();
app.MapKnowledgeModule();
app.MapEventsModule();

// `codegen write` (scripts/codegen.sh, docs/adr/0044) goes to JasperFx's command line; a normal start does not, since
// finding its commands loads every assembly the host references.
var exitCode = 0;
if (CodegenCommand.IsRequested(args))
{
    exitCode = await app.RunJasperFxCommands(args);
}
else
{
    await app.RunAsync();
}

await dataSource.DisposeAsync();
return exitCode;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
