using JasperFx.Core;
using JasperFx.Resources;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Postgresql;

namespace OCoP.Host.Infrastructure;

internal static class WolverineSetup
{
    public const string EnvelopeSchema = "wolverine";

    /// <summary>
    /// Wolverine between modules: durable local queues whose envelopes live in one shared schema, one queue per handler
    /// (Separated), automatic transactions, and only the handler types modules name themselves (explicit discovery).
    /// </summary>
    public static void UseOCoPWolverine(this WolverineOptions options, Npgsql.NpgsqlDataSource dataSource, IConfiguration configuration)
    {
        options.PersistMessagesWithPostgresql(dataSource, EnvelopeSchema); // the host's one pool (docs/adr/0025)
        options.Durability.MessageStorageSchemaName = EnvelopeSchema;
        // One node today; Balanced adds leader election for several nodes (docs/adr/0002).
        options.Durability.Mode = configuration.GetValue("Wolverine:Durability", DurabilityMode.Solo);
        options.Policies.UseDurableLocalQueues();
        options.Policies.AutoApplyTransactions();
        options.MultipleHandlerBehavior = MultipleHandlerBehavior.Separated;
        options.Discovery.DisableConventionalDiscovery();
        // Two handlers changing one optimistic-concurrency document at once: the loser simply runs again.
        options.OnException<JasperFx.ConcurrencyException>().RetryWithCooldown(50.Milliseconds(), 250.Milliseconds(), 1.Seconds());
        // Two handlers inserting the same read-model document at once: the loser runs again and finds it there.
        options.OnException<JasperFx.DocumentAlreadyExistsException>().RetryWithCooldown(50.Milliseconds(), 250.Milliseconds(), 1.Seconds());
        // The same race surfaces wrapped when several operations of one session fail together (a digest schedule):
        // matched too, or whole alert batches went to the dead-letter table (issue 18, docs/adr/0026).
        options.OnException<AggregateException>(aggregate => aggregate.Flatten().InnerExceptions.Any(inner => inner is JasperFx.DocumentAlreadyExistsException))
            .RetryWithCooldown(50.Milliseconds(), 250.Milliseconds(), 1.Seconds());
        // A timeout is transient by nature: at start-up a handler can wait more than Marten's 5 s for another thread
        // applying a store's schema (several stores, one connection pool); losing the message for that is wrong.
        options.OnException<TimeoutException>().RetryWithCooldown(250.Milliseconds(), 1.Seconds(), 5.Seconds());
        options.Services.AddResourceSetupOnStartup();
    }
}
