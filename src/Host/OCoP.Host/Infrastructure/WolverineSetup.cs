using JasperFx.CodeGeneration;
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
        UsePreGeneratedCode(options, configuration);
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
        // The same, and PostgreSQL's other transient failures, as Npgsql and Marten report them: wrapped (a command or pool
        // timeout is an NpgsqlException around a TimeoutException; Marten wraps that again), so matched down the chain.
        options.OnException(IsTransient).RetryWithCooldown(250.Milliseconds(), 1.Seconds(), 5.Seconds());
        options.Services.AddResourceSetupOnStartup();
    }

    /// <summary>A timeout or a failure PostgreSQL or Npgsql calls transient (deadlock, serialization, connection loss), however deeply wrapped.</summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException => true,
        Npgsql.NpgsqlException { IsTransient: true } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>
    /// Handler adapters are pre-generated C# in Internal/Generated, compiled into this assembly (scripts/codegen.sh writes
    /// them): the host loads them as they are and never runs Roslyn (docs/adr/0044). Static is the only mode the host
    /// itself supports, since it ships without the runtime compiler; the tests switch to Auto (Wolverine:CodeGeneration)
    /// for their own probe handlers only, and a test fails when the committed code is not what the handlers need now.
    /// </summary>
    private static void UsePreGeneratedCode(WolverineOptions options, IConfiguration configuration)
    {
        // The generated types live in the host's assembly, whatever process (a test runner) hosts it.
        options.ApplicationAssembly = typeof(WolverineSetup).Assembly;
        options.CodeGeneration.TypeLoadMode = configuration.GetValue("Wolverine:CodeGeneration", TypeLoadMode.Static);
        // Never write source at run time: only scripts/codegen.sh changes the committed folder.
        options.CodeGeneration.SourceCodeWritingEnabled = false;
        if (configuration["Wolverine:GeneratedCodePath"] is { Length: > 0 } path)
        {
            options.CodeGeneration.GeneratedCodeOutputPath = path; // `codegen write` into another folder (the staleness test)
        }
    }
}
