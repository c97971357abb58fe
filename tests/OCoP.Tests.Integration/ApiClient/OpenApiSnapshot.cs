using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OCoP.Tests.Integration.ApiClient;

/// <summary>
/// The OpenAPI document the generated client (<c>ApiClient/Generated</c>) was made from, committed as
/// <c>ApiClient/openapi.json</c>. <c>scripts/generate-api-client.sh</c> rewrites both; a test fails when the host's live
/// document no longer matches, so a change to the API cannot leave the client behind.
/// </summary>
internal static class OpenApiSnapshot
{
    /// <summary>Set to 1 to have <see cref="OpenApiSnapshotTests"/> write the live document over the snapshot.</summary>
    public const string UpdateVariable = "OCOP_UPDATE_OPENAPI_SNAPSHOT";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The snapshot's path in the source tree (not the build output), found from the test assembly's folder.</summary>
    public static string SourcePath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OCoP.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "OCoP.Tests.Integration", "ApiClient", "openapi.json");
            }
        }

        throw new InvalidOperationException($"No OCoP.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// The document in one canonical text, for writing and comparing: indented, and without <c>servers</c> (the host's
    /// own address, which differs between a test host and a running one and is not part of the contract).
    /// </summary>
    public static string Normalize(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        root.Remove("servers");
        return root.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }
}
