using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine.Runtime;

namespace OCoP.Tests.Integration.Membership;

public sealed class StartupTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task Each_module_store_and_the_shared_envelopes_live_in_their_own_schemas_of_the_configured_database()
    {
        var client = app.CreateClient();
        (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "select table_schema, count(*) from information_schema.tables where table_schema in ('membership', 'wolverine') group by table_schema order by 1",
            connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var schemas = new Dictionary<string, long>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            schemas[reader.GetString(0)] = reader.GetInt64(1);
        }

        schemas.Keys.ShouldBe(["membership", "wolverine"]);
        schemas["membership"].ShouldBeGreaterThanOrEqualTo(3); // members, avatars, tokens
        schemas["wolverine"].ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Wolverine_keeps_its_envelopes_in_the_shared_schema_of_the_same_database()
    {
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;
        var storage = app.Services.GetRequiredService<IWolverineRuntime>().Storage;
        storage.Uri.ToString().ShouldEndWith($"/{database}/wolverine");
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_healthy()
    {
        var client = app.CreateClient();
        (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_OpenAPI_document_tags_every_module_endpoint_with_its_module()
    {
        var client = app.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/"))
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (path.Name, operation.Value)))
            .ToList();

        operations.Count.ShouldBeGreaterThan(10);
        // Each module owns /api/<module>/... (docs/api.md); Api/OpenApiContractTests checks the rest of the contract.
        string[] modules = ["Membership", "Discussions", "Engagement", "Knowledge", "Events"];
        Func<string, string> moduleOf = path =>
            modules.FirstOrDefault(module => path.StartsWith($"/api/{module.ToLowerInvariant()}/")) ?? "none";
        operations.ShouldAllBe(o => o.Value.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == moduleOf(o.Name)));
        operations.ShouldContain(o => o.Name.StartsWith("/api/discussions/"));
        operations.ShouldContain(o => o.Name.StartsWith("/api/engagement/"));
        (await client.GetAsync("/scalar", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_without_inline_script_and_the_other_security_headers()
    {
        var response = await app.CreateClient().GetAsync("/", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_document()
    {
        var response = await app.CreateClient().GetAsync("/api/nothing-here", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_unknown_page_is_a_404_page_in_the_site_layout()
    {
        var response = await app.CreateClient().GetAsync("/no/such/page");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<h1>Page not found</h1>");
        html.ShouldContain("Skip to content");
    }
}
