using System.Diagnostics;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// The host runs Wolverine's handler adapters from the code committed in src/Host/OCoP.Host/Internal/Generated and
/// never compiles at run time (docs/adr/0044). That code must be exactly what the handlers need now: the host writes
/// it afresh (`codegen write`, as scripts/codegen.sh does) into a scratch folder, and the two must match file by file.
/// </summary>
public sealed class CommittedGeneratedCodeTests
{
    private const string Regenerate = "Run scripts/codegen.sh and commit src/Host/OCoP.Host/Internal/Generated (docs/adr/0044).";

    [Fact]
    public async Task The_committed_handler_code_is_what_the_current_handlers_generate()
    {
        var committed = Path.Combine(TestServers.RepositoryRoot(), "src", "Host", "OCoP.Host", "Internal", "Generated");
        var fresh = Directory.CreateTempSubdirectory("ocop-codegen-").FullName;
        try
        {
            await WriteGeneratedCodeAsync(fresh);

            var expected = Files(fresh);
            var actual = Files(committed);
            expected.Count.ShouldBeGreaterThan(0, "codegen write wrote nothing");
            expected.Keys.Except(actual.Keys).Order().ToList().ShouldBeEmpty($"Generated code is missing. {Regenerate}");
            actual.Keys.Except(expected.Keys).Order().ToList().ShouldBeEmpty($"Generated code of handlers that no longer exist. {Regenerate}");
            expected.Where(file => actual[file.Key] != file.Value).Select(file => file.Key).Order().ToList()
                .ShouldBeEmpty($"Generated code is stale. {Regenerate}");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    /// <summary>
    /// Runs the host's `codegen write` (no database needed) into the given folder, from the host's own build output of
    /// the configuration the tests were built in (JasperFx scans the assemblies next to the host; the tests' folder holds
    /// others).
    /// </summary>
    private static async Task WriteGeneratedCodeAsync(string folder)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // .../bin/Release/net10.0
        var hostOutput = Path.Combine(TestServers.RepositoryRoot(), "src", "Host", "OCoP.Host", "bin", testOutput.Parent!.Name, testOutput.Name);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(hostOutput, "OCoP.Host.dll"), "codegen", "write"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = hostOutput,
        };
        start.Environment["Wolverine__GeneratedCodePath"] = folder;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        process.ExitCode.ShouldBe(0, $"codegen write failed:\n{await output}\n{await errors}");
    }

    /// <summary>Every generated file by its path under the folder, with its text (line endings normalised).</summary>
    private static Dictionary<string, string> Files(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file), file => File.ReadAllText(file).ReplaceLineEndings("\n"))
        : [];
}
