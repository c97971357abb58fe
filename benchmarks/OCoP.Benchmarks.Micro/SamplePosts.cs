using System.Text;

namespace OCoP.Benchmarks.Micro;

/// <summary>Markdown as members write it, from a one-line thank-you to a long write-up; fixed so runs compare.</summary>
internal static class SamplePosts
{
    public const string Short = "Thanks, that worked for me. I will try the **second** approach on our staging cluster next week.";

    // A mention is stored as the link Posting.Render makes of a resolved @handle.
    public const string Typical = """
        Good question, and one we ran into last spring. There are *two* things worth checking before you change anything:

        1. Whether the retry policy is applied **per request** or per connection.
        2. Whether the timeout includes the time spent waiting in the queue.
        3. What the client library does on a `503` (some retry silently).

        The [vendor's guide](https://example.org/guides/retries) explains the defaults well, but it is out of date on the
        second point. [@maria_lopez](/members/6f1c2a4e-3b7d-4c1e-9a55-0d2f8e7b1c90) wrote up what we measured in the
        ~~old wiki~~ group's notes, which is worth a read.

        If none of that helps, post your configuration here and we will have a look.
        """;

    /// <summary>About 8 KB: a write-up with headings, a code block, a table, quotes and many links.</summary>
    public static readonly string Long = BuildLong(targetLength: 8 * 1024);

    private static string BuildLong(int targetLength)
    {
        var text = new StringBuilder();
        text.AppendLine("## What we learned moving the reporting jobs");
        text.AppendLine();
        text.AppendLine("This is the long version of what I presented at the *last meetup*, with the numbers. Short version: **measure first**,");
        text.AppendLine("then change one thing at a time. Thanks to [@sam_okafor](/members/0b9d7c44-2e61-4f0a-8a3b-5c7e2d1f9a60) for the review.");
        text.AppendLine();
        text.AppendLine("```csharp");
        text.AppendLine("public async Task<Report> BuildAsync(ReportRequest request, CancellationToken cancellationToken)");
        text.AppendLine("{");
        text.AppendLine("    var rows = await source.LoadAsync(request.From, request.To, cancellationToken);");
        text.AppendLine("    var totals = rows.GroupBy(r => r.Region).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));");
        text.AppendLine("    return new Report(request.Title, totals, clock.GetUtcNow());");
        text.AppendLine("}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| Job | Before (min) | After (min) | Notes |");
        text.AppendLine("|:----|-------------:|------------:|:------|");
        for (var job = 1; job <= 12; job++)
        {
            text.AppendLine($"| nightly-{job:D2} | {40 + job * 3} | {12 + job} | see [run {job}](https://example.org/runs/{job}) |");
        }

        text.AppendLine();
        text.AppendLine("> The slowest part was never the query. It was the *export*, which nobody had looked at in years.");
        text.AppendLine("> — from the retrospective");
        text.AppendLine();
        for (var section = 1; text.Length < targetLength; section++)
        {
            text.AppendLine($"### Step {section}");
            text.AppendLine();
            text.AppendLine($"We changed the batch size of stage {section} and compared it with the [baseline](https://example.org/baselines/{section})");
            text.AppendLine($"and the [previous attempt](https://example.org/attempts/{section - 1}). See also <https://example.org/notes/{section}> and");
            text.AppendLine("the discussion in `#reporting`, where **most** of the ideas came from. _Do not_ copy the numbers blindly.");
            text.AppendLine();
            text.AppendLine($"- [x] measured stage {section}");
            text.AppendLine($"- [ ] tried a smaller batch for stage {section}, see [the ticket](https://example.org/tickets/{1000 + section})");
            text.AppendLine();
            text.AppendLine($"> Stage {section} now finishes in about a third of the time.");
            text.AppendLine();
        }

        return text.ToString();
    }
}
