using System.Net;
using System.Net.Sockets;
using OCoP.Modules.Knowledge.Resources;
using OCoP.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace OCoP.Tests.Integration.Knowledge;

/// <summary>A host whose link check may reach loopback addresses (off by default) and gives up on a link after 2 seconds.</summary>
public sealed class LinkCheckApp : OCoPApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Knowledge:LinkCheckAllowPrivateAddresses"] = "true",
        ["Knowledge:LinkCheckTimeoutSeconds"] = "2",
    };
}

/// <summary>The link check against a real HTTP listener on the loopback address: working, missing and slow links.</summary>
public sealed class LinkCheckTests(LinkCheckApp app) : IClassFixture<LinkCheckApp>
{
    [Fact]
    public async Task The_link_check_marks_missing_and_slow_links_broken_and_working_links_working_without_hanging()
    {
        using var site = LocalSite.Start();
        var sponsor = await app.RegisterConfirmedAsync("Link Sponsor");
        var group = await sponsor.CreateWikiGroupAsync();
        var working = await sponsor.ResourceIdAsync(group, "Working", $"{site.Url}/ok");
        var missing = await sponsor.ResourceIdAsync(group, "Missing", $"{site.Url}/missing");
        var slow = await sponsor.ResourceIdAsync(group, "Slow", $"{site.Url}/slow");

        var started = DateTimeOffset.UtcNow;
        await app.WorkDoneAsync(CheckLinksAsync);
        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(40), "the slow link gave up after its timeout");

        var ok = await sponsor.Session.ReadResourceAsync(group, working);
        ok.GetProperty("linkState").GetString().ShouldBe("Working");
        ok.GetProperty("concerns").GetArrayLength().ShouldBe(0);

        var notFound = await sponsor.Session.ReadResourceAsync(group, missing);
        notFound.GetProperty("linkState").GetString().ShouldBe("Broken");
        notFound.GetProperty("linkProblem").GetString()!.ShouldStartWith("404");
        var concern = notFound.GetProperty("concerns").EnumerateArray().Single();
        concern.GetProperty("kind").GetString().ShouldBe("BrokenLink");
        concern.GetProperty("byName").GetString().ShouldBe("The link check");

        var timedOut = await sponsor.Session.ReadResourceAsync(group, slow);
        timedOut.GetProperty("linkState").GetString().ShouldBe("Broken");
        timedOut.GetProperty("linkProblem").GetString()!.ShouldContain("No answer within 2 seconds");

        // A second pass finds the same: no second concern for a link that stays broken.
        await app.WorkDoneAsync(CheckLinksAsync);
        (await sponsor.Session.ReadResourceAsync(group, missing)).GetProperty("concerns").GetArrayLength().ShouldBe(1);
        site.Requests.ShouldContain("/ok");
    }

    /// <summary>One pass of the link check now, as an operator would send it (the recurring job sends the same with a token).</summary>
    private async Task CheckLinksAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new LinkCheckHandler.CheckResourceLinks());
    }
}

/// <summary>A real HTTP server on a free loopback port: /ok answers 200, /slow answers after a minute, anything else 404.</summary>
internal sealed class LocalSite : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();

    public string Url { get; }
    public System.Collections.Concurrent.ConcurrentBag<string> Requests { get; } = [];

    private LocalSite(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add($"{Url}/");
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public static LocalSite Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LocalSite(port);
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                var path = context.Request.Url!.AbsolutePath;
                Requests.Add(path);
                try
                {
                    if (path == "/slow")
                    {
                        await Task.Delay(TimeSpan.FromMinutes(1), stopping.Token);
                    }

                    context.Response.StatusCode = path is "/ok" or "/slow" ? 200 : 404;
                    context.Response.Close();
                }
                catch (Exception)
                {
                    context.Response.Abort();
                }
            });
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Close();
        stopping.Dispose();
    }
}
