using BenchmarkDotNet.Attributes;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Benchmarks.Micro;

/// <summary>
/// What the wiki's diff and three-way merge cost on two 50 KB revisions (issue 13: a diff of two 50 KB revisions renders
/// in under 50 ms): about 1,000 lines, one in ten changed, a block inserted and a block removed, as a long edit does.
/// </summary>
[MemoryDiagnoser]
public class WikiDiffBenchmarks // public and unsealed: BenchmarkDotNet derives its runner from this class
{
    private string older = "";
    private string newer = "";
    private string theirs = "";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        string Line(int i) => $"Line {i}: " + new string((char)('a' + random.Next(26)), 40 + random.Next(10));
        var lines = Enumerable.Range(0, 1_000).Select(Line).ToList();
        older = string.Join('\n', lines);
        var edited = lines.Select((line, i) => i % 10 == 3 ? line + " (edited)" : line).ToList();
        edited.InsertRange(500, Enumerable.Range(0, 20).Select(i => $"An inserted line {i}"));
        edited.RemoveRange(800, 20);
        newer = string.Join('\n', edited);
        // Another editor's change of other lines, from the same base: the merge applies both.
        theirs = string.Join('\n', lines.Select((line, i) => i % 10 == 7 ? line + " (theirs)" : line));
        if (older.Length < 50_000 || newer.Length < 50_000)
        {
            throw new InvalidOperationException($"The revisions are {older.Length} and {newer.Length} characters, not 50 KB.");
        }
    }

    [Benchmark]
    public int Diff() => WikiMerge.Diff(older, newer).Count;

    [Benchmark]
    public bool ThreeWayMerge() => WikiMerge.TryMerge(older, theirs, newer) is not null;
}
