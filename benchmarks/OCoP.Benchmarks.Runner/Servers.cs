using System.Diagnostics;

namespace OCoP.Benchmarks.Runner;

/// <summary>A server process under test (the OCoP host or the floor), started from its Release build on loopback.</summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private bool disposed;

    private Server(Process process, string url, StreamWriter log)
    {
        this.process = process;
        Url = url;
        this.log = log;
    }

    public string Url { get; }
    public int Pid => process.Id;

    /// <summary>Starts <paramref name="dll"/> and waits for the first 200 from <paramref name="probePath"/>; returns the server and that time.</summary>
    public static async Task<(Server Server, TimeSpan FirstOk)> StartAsync(string dll, string url, IReadOnlyDictionary<string, string> environment,
        string probePath, string logFile, Dictionary<string, string>? probeHeaders = null)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The project directory (bin/Release/net10.0 up three): the content root, where wwwroot is, as in production.
            WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", "..")),
        };
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {dll}.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(process, url, log);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with code {process.ExitCode}; see {logFile}.");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url + probePath);
                foreach (var (name, value) in probeHeaders ?? [])
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await http.SendAsync(request);
                if ((int)response.StatusCode == 200)
                {
                    return (server, clock.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(10);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{Path.GetFileName(dll)} gave no 200 on {probePath} within 3 minutes; see {logFile}.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>Stops the server (a second call does nothing).</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}
