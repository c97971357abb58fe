using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.ApiClient;

public sealed class OpenApiSnapshotTests(SharedOCoPApp app)
{
    [Fact]
    public async Task The_generated_client_is_made_from_the_document_the_host_serves_today()
    {
        var live = OpenApiSnapshot.Normalize(await app.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var path = OpenApiSnapshot.SourcePath();
        if (Environment.GetEnvironmentVariable(OpenApiSnapshot.UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, live, TestContext.Current.CancellationToken);
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing: run scripts/generate-api-client.sh");
        var committed = OpenApiSnapshot.Normalize(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        committed.ShouldBe(live, "The API changed since the client in tests/OCoP.Tests.Integration/ApiClient was generated: " +
            "run scripts/generate-api-client.sh and commit openapi.json with the regenerated client.");
    }
}
