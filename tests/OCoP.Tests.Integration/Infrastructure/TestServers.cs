using System.Diagnostics;
using Npgsql;
using Testcontainers.PostgreSql;

namespace OCoP.Tests.Integration.Infrastructure;

/// <summary>
/// The real servers the tests use, started once per test run: PostgreSQL (Testcontainers when a Docker engine answers,
/// otherwise the local server that scripts/ensure-postgres.sh provides) and the SMTP server process from
/// scripts/ensure-smtp.sh. scripts/test.sh has usually started both and passes them in environment variables.
/// </summary>
internal static class TestServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? postgres;
    private static SmtpServer? smtp;
    private static PostgreSqlContainer? container;

    public static async Task<string> PostgresAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return postgres ??= await StartPostgresAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<SmtpServer> SmtpAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return smtp ??= await StartSmtpAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A fresh, empty database for one test fixture; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(await PostgresAsync());
        var name = $"ocop_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await PostgresAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartPostgresAsync()
    {
        if (await DockerEngineAnswersAsync())
        {
            container = new PostgreSqlBuilder("postgres:15").Build();
            await container.StartAsync();
            return container.GetConnectionString();
        }

        var configured = Environment.GetEnvironmentVariable("OCOP_POSTGRES");
        return string.IsNullOrWhiteSpace(configured) ? await RunScriptAsync("ensure-postgres.sh") : configured;
    }

    private static async Task<SmtpServer> StartSmtpAsync()
    {
        var port = Environment.GetEnvironmentVariable("OCOP_SMTP_PORT");
        var maildir = Environment.GetEnvironmentVariable("OCOP_MAILDIR");
        if (string.IsNullOrWhiteSpace(port) || string.IsNullOrWhiteSpace(maildir))
        {
            // Last line: "smtp=127.0.0.1:<port> maildir=<path>"
            var line = await RunScriptAsync("ensure-smtp.sh");
            var parts = line.Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            port = parts["smtp"].Split(':')[1];
            maildir = parts["maildir"];
        }

        return new SmtpServer("127.0.0.1", int.Parse(port), maildir);
    }

    private static async Task<bool> DockerEngineAnswersAsync()
    {
        if (!File.Exists("/var/run/docker.sock") && Environment.GetEnvironmentVariable("DOCKER_HOST") is null)
        {
            return false;
        }

        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            await docker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            return docker.ExitCode == 0;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs one of the project's scripts and returns the last line it printed.</summary>
    private static async Task<string> RunScriptAsync(string script)
    {
        var path = Path.Combine(RepositoryRoot(), "scripts", script);
        using var process = Process.Start(new ProcessStartInfo("bash", path) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {errors}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OCoP.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (OCoP.sln).");
    }
}
