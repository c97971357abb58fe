using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.BuildingBlocks.Scheduling;

/// <summary>Ensures one recurring job when the host starts (after Wolverine and the module's store, registered before it).</summary>
internal sealed class RecurringJobStarter<TStore>(IServiceScopeFactory scopes, TimeProvider clock, string jobId, TimeSpan interval, Func<Guid, object> message)
    : IHostedService
    where TStore : class, IDocumentStore
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Two hosts starting at once may both insert the job: the loser's insert fails, and its second try finds the row to lock.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                await using var session = scope.ServiceProvider.GetRequiredService<OutboxedSessionFactory<TStore>>().OpenSession(bus);
                await RecurringJobs.EnsureAsync(session, bus, jobId, interval, message, clock.GetUtcNow(), cancellationToken);
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < 3 && IsDuplicate(exception))
            {
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsDuplicate(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JasperFx.DocumentAlreadyExistsException or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}

public static class RecurringJobRegistration
{
    /// <summary>
    /// Runs <paramref name="message"/> (carrying the job's token) every <paramref name="interval"/>, once per period
    /// however many hosts run; zero switches it off. Its handler calls <see cref="RecurringJobs.ClaimRunAsync"/> first.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TStore>(this IServiceCollection services, string jobId, TimeSpan interval, Func<Guid, object> message)
        where TStore : class, IDocumentStore =>
        services.AddSingleton<IHostedService>(provider =>
            new RecurringJobStarter<TStore>(provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<TimeProvider>(), jobId, interval,
                message));
}
