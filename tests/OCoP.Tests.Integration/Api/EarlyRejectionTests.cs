using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Api;

/// <summary>The host on a real Kestrel server: what the web server itself would refuse before the application.</summary>
public sealed class KestrelApp : OCoPApp
{
    public KestrelApp() => UseKestrel(0);

    /// <summary>A Kestrel host has no test server: creating a client starts it.</summary>
    protected override Task StartAsync()
    {
        using var client = CreateClient();
        return Task.CompletedTask;
    }

    /// <summary>Where Kestrel listens (a free port chosen at start).</summary>
    public Uri Address => CreateClient().BaseAddress!;
}

/// <summary>
/// Requests the web server refuses early (a NUL in the path, a 20,000-character path, a non-ASCII Authorization header)
/// answer a problem document, not an empty body (issue 18, item 1; docs/adr/0024-text-policy.md). Sent as raw bytes over
/// a socket, since HttpClient would refuse or rewrite them.
/// </summary>
public sealed class EarlyRejectionTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    [Fact]
    public async Task A_control_character_in_the_path_is_a_400_problem()
    {
        var (status, contentType, body) = await RawAsync("GET /api/membership/groups/by-slug/a%01b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        status.ShouldBe(400, body);
        contentType.ShouldStartWith("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32().ShouldBe(400);
    }

    /// <summary>
    /// A percent-encoded NUL is refused by Kestrel's request-line decoder before any middleware runs, with an empty 400:
    /// ASP.NET Core has no hook to write a body there (docs/adr/0024). What matters is that it is a 400, not a 5xx.
    /// </summary>
    [Fact]
    public async Task A_NUL_in_the_path_is_refused_by_the_web_server_with_a_400()
    {
        var (status, _, body) = await RawAsync("GET /api/membership/groups/by-slug/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        status.ShouldBe(400, body);
    }

    [Fact]
    public async Task A_20000_character_path_is_a_414_problem()
    {
        var path = "/api/membership/groups/" + new string('a', 20_000);
        var (status, contentType, body) = await RawAsync($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        status.ShouldBe(414, body);
        contentType.ShouldStartWith("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32().ShouldBe(414);
    }

    [Fact]
    public async Task A_non_ASCII_Authorization_header_is_a_401_problem()
    {
        var (status, contentType, body) = await RawAsync("GET /api/membership/members/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ocop_pat_\u00e9\u00e8\u00ff\r\nConnection: close\r\n\r\n");

        status.ShouldBe(401, body);
        contentType.ShouldStartWith("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32().ShouldBe(401);
    }

    /// <summary>Sends <paramref name="request"/> as Latin-1 bytes and reads the whole answer (the request asks to close).</summary>
    private async Task<(int Status, string ContentType, string Body)> RawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.Address.Host, app.Address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var headEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headEnd < 0 ? response : response[..headEnd];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var contentType = lines.FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim() ?? "";
        var body = headEnd < 0 ? "" : response[(headEnd + 4)..];
        if (lines.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Unchunk(body);
        }

        return (status, contentType, body);
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}
