using System.Text.RegularExpressions;

namespace OCoP.Tests.Architecture;

/// <summary>
/// File names say what files hold (docs/adr/0001, amendment "one feature per file"). Checked on the sources, since
/// compiled assemblies do not know their files.
/// </summary>
public sealed partial class SourceFileTests
{
    [Theory]
    [MemberData(nameof(Modules.Names), MemberType = typeof(Modules))]
    public void Every_module_source_file_is_named_after_a_type_it_declares(string name)
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Modules", name, $"OCoP.Modules.{name}");
        var files = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(project, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .ToList();
        files.ShouldNotBeEmpty();

        var misnamed = files.Where(file => !IsNamedAfterWhatItHolds(file))
            .Select(file => $"{Path.GetRelativePath(project, file)} declares {string.Join(", ", TopLevelTypes(file))}")
            .ToList();
        misnamed.ShouldBeEmpty("Name each file after the feature, document or page model it holds (docs/adr/0001).");
    }

    private static bool IsNamedAfterWhatItHolds(string file)
    {
        var fileName = Path.GetFileName(file);
        var declared = TopLevelTypes(file);
        if (fileName.EndsWith(".cshtml.cs", StringComparison.Ordinal))
        {
            return declared.Contains(fileName[..^".cshtml.cs".Length] + "Model");
        }

        var stem = Path.GetFileNameWithoutExtension(file);
        var folder = Path.GetFileName(Path.GetDirectoryName(file)!);
        // The feature itself, its Wolverine handler class (XHandler), or the documents shared by the folder's features.
        return declared.Contains(stem) || declared.Contains(stem + "Handler") || stem == folder;
    }

    /// <summary>Types declared at the top level: the modules use file-scoped namespaces, so these start a line.</summary>
    private static List<string> TopLevelTypes(string file) =>
        [.. TopLevelType().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value)];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OCoP.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OCoP.sln above {AppContext.BaseDirectory}: the sources are needed for this test.");
    }

    [GeneratedRegex(@"^(?:(?:public|internal|file|sealed|static|abstract|partial|readonly)\s+)*(?:class|record\s+struct|record|struct|interface|enum)\s+(?<name>\w+)",
        RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
