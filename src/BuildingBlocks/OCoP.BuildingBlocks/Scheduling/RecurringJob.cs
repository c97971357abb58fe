using Marten;
using OCoP.BuildingBlocks.Persistence;
using Wolverine;

namespace OCoP.BuildingBlocks.Scheduling;

/// <summary>
/// One piece of time-based work that repeats (a sweep), stored in its module's own schema (docs/adr/0012-time-based-work.md).
/// Exactly one durable scheduled message is live per job: the one carrying <see cref="Token"/>. A message carrying another
/// token is stale and does nothing, so however many hosts start, and however often, each period runs once.
/// </summary>
public sealed class RecurringJob
{
    /// <summary>How many past runs <see cref="RecentRuns"/> keeps.</summary>
    public const int RecentRunsKept = 20;

    /// <summary>The job's name, such as <c>membership/dormancy-sweep</c>.</summary>
    public string Id { get; set; } = "";

    public Guid Token { get; set; }
    public TimeSpan Interval { get; set; }

    /// <summary>When the live message is due; null when the job is switched off.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    public int Runs { get; set; }

    /// <summary>The due times of the latest runs, oldest first: what an operator (or a test) reads to see it ran once per period.</summary>
    public List<DateTimeOffset> RecentRuns { get; set; } = [];
}

/// <summary>Starting a recurring job, and claiming one run of it from inside its handler.</summary>
public static class RecurringJobs
{
    /// <summary>
    /// At start-up, under a row lock: leaves a live job alone; otherwise (new, interval changed, or overdue because every
    /// host was down) takes a new token and schedules the message for it through the caller's outboxed session. An interval
    /// of zero switches the job off: the live message finds itself stale.
    /// </summary>
    public static async Task EnsureAsync(IDocumentSession session, IMessageBus bus, string jobId, TimeSpan interval, Func<Guid, object> message,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = await RowLocks.LoadForUpdateAsync<RecurringJob>(session, jobId, cancellationToken);
        var isNew = job is null;
        job ??= new RecurringJob { Id = jobId };
        if (interval <= TimeSpan.Zero)
        {
            if (isNew || job.NextDueAt is not null)
            {
                job.Interval = TimeSpan.Zero;
                job.NextDueAt = null;
                job.Token = Guid.NewGuid();
                RowLocks.Save(session, job, isNew);
            }

            return;
        }

        if (!isNew && job.Interval == interval && job.NextDueAt is { } due && due > now - interval)
        {
            return; // live: its message is scheduled (or running late by less than a period)
        }

        job.Interval = interval;
        var at = job.NextDueAt is { } overdue && overdue <= now ? now : now + interval;
        await ScheduleAsync(session, bus, job, at, now, message, isNew);
    }

    /// <summary>
    /// Called by the job's handler with the token its message carries, in the handler's own transaction: false when the
    /// token is stale (do nothing); otherwise records the run and schedules the next one, committed with the run's work.
    /// </summary>
    public static async Task<bool> ClaimRunAsync(IDocumentSession session, IMessageBus bus, string jobId, Guid token, Func<Guid, object> next,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var job = await RowLocks.LoadForUpdateAsync<RecurringJob>(session, jobId, cancellationToken);
        if (job is null || job.Token != token || job.NextDueAt is not { } due)
        {
            return false;
        }

        job.Runs++;
        job.RecentRuns.Add(due);
        if (job.RecentRuns.Count > RecurringJob.RecentRunsKept)
        {
            job.RecentRuns.RemoveRange(0, job.RecentRuns.Count - RecurringJob.RecentRunsKept);
        }

        // The next period follows this one; after a long pause it starts again from now rather than running many times.
        var at = due + job.Interval;
        if (at <= now)
        {
            at = now + job.Interval;
        }

        await ScheduleAsync(session, bus, job, at, now, next, isNew: false);
        return true;
    }

    private static async Task ScheduleAsync(IDocumentSession session, IMessageBus bus, RecurringJob job, DateTimeOffset at, DateTimeOffset now,
        Func<Guid, object> message, bool isNew)
    {
        job.Token = Guid.NewGuid();
        job.NextDueAt = at;
        RowLocks.Save(session, job, isNew);
        var delay = at - now;
        await bus.ScheduleAsync(message(job.Token), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }
}
