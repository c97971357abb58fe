using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using OCoP.Tests.Integration.Discussions;
using OCoP.Tests.Integration.Groups;
using OCoP.Tests.Integration.Infrastructure;
using OCoP.Tests.Integration.Membership;

namespace OCoP.Tests.Integration.Fuzz;

/// <summary>
/// Generated requests for every operation of the OpenAPI document, as anonymous, a signed-in member and a token holder
/// (issue 18, item 2): no answer may be a 5xx, and every 4xx must be a problem document. Bounded by time: 90 seconds by
/// default; <c>OCOP_FUZZ_SECONDS</c> sets another bound (<c>OCOP_FUZZ_LONG=1</c> is an hour, for the benchmark run in
/// docs/security.md). A failure reports CsCheck's seed: rerun it with <c>CsCheck_Seed=&lt;seed&gt;</c>.
/// </summary>
public sealed class ApiFuzzTests(SharedOCoPApp app)
{
    [Fact]
    public async Task No_generated_request_gets_a_server_error_or_a_4xx_without_a_problem_document()
    {
        var member = await app.RegisterConfirmedAsync("Fuzz Member");
        var group = await member.CreateGroupAsync("Fuzz");
        (await member.StartTopicAsync(group, "Fuzz topic", "A body to read")).EnsureSuccessStatusCode();
        var slug = (await member.Session.GroupAsync(group)).GetProperty("slug").GetString()!;
        var (_, token) = await member.CreateTokenAsync(["read", "write"], name: "fuzz");

        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var requests = OpenApiRequests.From(document, new Dictionary<string, string>
        {
            ["groupId"] = group.ToString(),
            ["memberId"] = member.Id.ToString(),
            ["topicNumber"] = "1",
            ["postNumber"] = "1",
            ["slug"] = slug,
        });
        requests.Operations.Count.ShouldBeGreaterThan(50);

        var anonymous = app.CreateClient();
        var bearer = app.CreateClient().WithBearer(token);
        var statuses = new ConcurrentDictionary<int, int>();
        var operationsSent = new ConcurrentDictionary<string, int>();

        var gen = Gen.Select(Gen.Int[0, requests.Operations.Count - 1], Gen.Int[0, 2], Gen.Int.Array[48]);
        await gen.SampleAsync(
            async (operation, caller, numbers) =>
            {
                var request = requests.Build(operation, (FuzzCaller)caller, new RequestChoices(numbers));
                // Signing the shared session out or deleting its account would turn the rest of the run anonymous.
                var client = request.Caller switch
                {
                    FuzzCaller.Session when !request.Url.StartsWith("/api/membership/account/sign-out", StringComparison.Ordinal) => member.Session,
                    FuzzCaller.Bearer => bearer,
                    _ => anonymous,
                };
                using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
                if (request.Body is not null)
                {
                    message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
                    if (request.ContentType is not null)
                    {
                        message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
                    }
                }

                // A browser sends its own origin on unsafe requests; cookie sessions are checked for it (docs/adr/0027).
                message.Headers.TryAddWithoutValidation("Origin", "http://localhost");
                using var response = await client.SendAsync(message, TestContext.Current.CancellationToken);
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                operationsSent.AddOrUpdate(request.Operation, 1, (_, n) => n + 1);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                if (status >= 500)
                {
                    throw new InvalidOperationException($"{status} for {request}: {body}");
                }

                if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    throw new InvalidOperationException($"{status} without a problem document for {request}: '{body}'");
                }
            },
            writeLine: line => TestContext.Current.TestOutputHelper?.WriteLine(line),
            time: Seconds(),
            threads: 2,
            print: t => requests.Build(t.Item1, (FuzzCaller)t.Item2, new RequestChoices(t.Item3)).ToString());

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{statuses.Values.Sum()} requests over {operationsSent.Count} of {requests.Operations.Count} operations; statuses {summary}");
        // Every operation was tried: the bound leaves time for each to be drawn many times.
        operationsSent.Count.ShouldBe(requests.Operations.Count, "operations never sent: " +
            string.Join(", ", requests.Operations.Select(o => o.Id).Except(operationsSent.Keys)));
    }

    private static int Seconds()
    {
        if (Environment.GetEnvironmentVariable("OCOP_FUZZ_LONG") is "1" or "true")
        {
            return 3600;
        }

        return int.TryParse(Environment.GetEnvironmentVariable("OCOP_FUZZ_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : 90;
    }
}
