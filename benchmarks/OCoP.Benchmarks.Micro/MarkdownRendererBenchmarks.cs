using BenchmarkDotNet.Attributes;
using OCoP.BuildingBlocks.Markdown;

namespace OCoP.Benchmarks.Micro;

/// <summary>
/// What writing a post costs in rendering: Markdig, then the sanitizer. Reads never render (posts store their HTML), so
/// this is paid once per post written or edited, and once per quote.
/// </summary>
[MemoryDiagnoser]
public class MarkdownRendererBenchmarks // public and unsealed: BenchmarkDotNet derives its runner from this class
{
    // One instance for every call, as the host registers it (a singleton).
    private readonly MarkdownRenderer renderer = new();

    [Benchmark]
    public string ShortPost() => renderer.ToSafeHtml(SamplePosts.Short);

    [Benchmark]
    public string TypicalPost() => renderer.ToSafeHtml(SamplePosts.Typical);

    [Benchmark]
    public string LongPost() => renderer.ToSafeHtml(SamplePosts.Long);
}
