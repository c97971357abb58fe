using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;
using Wolverine.RDBMS;
using Wolverine.Runtime;
using Wolverine.Tracking;

// In the root namespace of the tests, so every test folder finds it without a using.
namespace OCoP.Tests.Integration;

/// <summary>
/// How tests wait, and the only place they do: never a fixed sleep. Either poll a condition that can be observed from
/// outside (through the API, the database, the SMTP server's Maildir) until a deadline, or run an action inside a
/// Wolverine tracked session that ends when every message it caused has been handled.
/// </summary>
internal static class Eventually
{
    /// <summary>Long enough for a loaded machine; a passing test never waits for it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls until the condition holds: for what other modules learn from events, a moment after the fact.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        var pause = FirstPause;
        while (!await condition())
        {
            if (waited.Elapsed >= limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s in vain for {what}.");
            }

            // Short pauses first (most conditions hold within milliseconds), then no busier than ten polls a second.
            await Task.Delay(pause, TestContext.Current.CancellationToken);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Polls until <paramref name="find"/> finds something, and returns it.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> find, string what, TimeSpan? timeout = null) where T : class
    {
        T? found = null;
        await TrueAsync(async () => (found = await find()) is not null, what, timeout);
        return found!;
    }

    public static Task<T> FoundAsync<T>(Func<T?> find, string what, TimeSpan? timeout = null) where T : class =>
        FoundAsync(() => Task.FromResult(find()), what, timeout);

    /// <summary>
    /// Polls Wolverine's envelope storage until every message that names <paramref name="subject"/> (a member's or a
    /// group's id) has been handled by every subscriber. Each module handles each event type in its own durable queue,
    /// in any order, and a fresh host compiles a handler at its first message, so one module may learn something seconds
    /// after another did. Module-agnostic: it reads no module's tables, only the envelopes, which the publisher commits
    /// together with its change (the outbox) and each subscriber marks handled after its own transaction. Unlike
    /// <see cref="WorkDoneAsync"/> it may run for many subjects at once on one host.
    /// </summary>
    public static async Task MessagesHandledAsync(this OCoPApp app, Guid subject, string what, TimeSpan? timeout = null)
    {
        var schema = app.Services.GetRequiredService<IWolverineRuntime>().Options.Durability.MessageStorageSchemaName ?? "public";
        // An envelope's body holds the message's JSON, so the id's text is in it. Handled envelopes are kept a while
        // (Durability.KeepAfterMessageHandling, minutes): seeing one proves the search finds this subject's messages.
        // A message scheduled for later (a digest for tomorrow, a reminder) is not work left to do now; a retry due
        // within the minute is.
        var sql = $"""
            select
              (select count(*) from "{schema}".{DatabaseConstants.IncomingTable} where position(@subject in body) > 0),
              (select count(*) from "{schema}".{DatabaseConstants.IncomingTable} where position(@subject in body) > 0 and {DatabaseConstants.Status} <> '{EnvelopeStatus.Handled}'
                 and not ({DatabaseConstants.Status} = '{EnvelopeStatus.Scheduled}' and execution_time > now() + interval '1 minute'))
                + (select count(*) from "{schema}".{DatabaseConstants.OutgoingTable} where position(@subject in body) > 0),
              (select string_agg(format('%s at %s: %s: %s', message_type, received_at, exception_type, left(exception_message, 400)), '; ')
                 from "{schema}".{DatabaseConstants.DeadLetterTable} where position(@subject in body) > 0)
            """;
        var text = Encoding.UTF8.GetBytes(subject.ToString());
        // A small pool of its own: many members may register at once (Task.WhenAll), and the PostgreSQL server's
        // connections are shared by every test host; the polls wait their turn instead of opening one each.
        var connectionString = new NpgsqlConnectionStringBuilder(app.ConnectionString)
        {
            MaxPoolSize = 2,
            Timeout = (int)DefaultTimeout.TotalSeconds,
            ApplicationName = "ocop-tests-envelopes",
        }.ConnectionString;
        await TrueAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter("subject", NpgsqlDbType.Bytea) { Value = text });
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            await reader.ReadAsync(TestContext.Current.CancellationToken);
            var (seen, waiting, givenUp) = (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            if (givenUp is not null)
            {
                throw new InvalidOperationException($"Wolverine gave up on messages about {what} (dead letters: {givenUp}).");
            }

            return seen > 0 && waiting == 0;
        }, $"every module to handle the messages about {what}", timeout ?? 2 * DefaultTimeout);
    }

    /// <summary>
    /// Runs <paramref name="action"/> (HTTP calls, messages) and returns once Wolverine has handled every message it
    /// caused, cascades and other modules' subscribers included: the positive signal that lets a test assert that
    /// something did NOT happen (no e-mail, no second event) without sleeping. Exceptions that Wolverine retried are
    /// allowed (the modules retry row-lock races on purpose, docs/adr/0006); a message given up on is not, and neither
    /// is running out of time, since either would make "nothing happened" pass for the wrong reason.
    /// </summary>
    public static async Task<ITrackedSession> WorkDoneAsync(this OCoPApp app, Func<Task> action, TimeSpan? timeout = null)
    {
        // The action itself may wait (for a replica, an e-mail): the deadline covers it and the work it causes.
        var session = await app.Services.TrackActivity(timeout ?? 2 * DefaultTimeout)
            .DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync((IMessageContext _) => action());
        if (session.Status != TrackingStatus.Completed)
        {
            throw new TimeoutException($"Wolverine was still handling messages caused by the action when the tracked session ended ({session.Status}).");
        }

        var givenUp = session.MovedToErrorQueue.AllMessages().Select(m => m.GetType().Name).ToList();
        givenUp.ShouldBeEmpty("messages moved to the error queue while the action's work was done");
        return session;
    }
}
