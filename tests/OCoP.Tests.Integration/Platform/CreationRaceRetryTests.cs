using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Platform;

/// <summary>
/// Creation races do not dead-letter work (issue 18, docs/adr/0026): when several operations of one Marten session fail
/// together, a <c>DocumentAlreadyExistsException</c> arrives wrapped in an <c>AggregateException</c> (it did for a digest
/// schedule), and the retry rule in WolverineSetup matches it there too: the message runs again instead of going to the
/// dead-letter table.
/// </summary>
public sealed class CreationRaceRetryTests(CreationRaceRetryTests.App app) : IClassFixture<CreationRaceRetryTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.ConfigureWolverine(options => options.Discovery.IncludeType(typeof(CreationRaceProbeHandler)));
    }

    [Fact]
    public async Task A_DocumentAlreadyExists_wrapped_in_an_AggregateException_is_retried_and_not_dead_lettered()
    {
        var id = Guid.NewGuid();

        await app.Services.GetRequiredService<IMessageBus>().PublishAsync(new CreationRaceProbeHandler.LoseTwoRaces(id));

        // Throws if the message went to the dead-letter table; returns once it was handled.
        await app.MessagesHandledAsync(id, "the probe that loses two creation races");
        CreationRaceProbeHandler.Attempts[id].ShouldBe(3, "two attempts lost the race, the third found the document");
    }
}

/// <summary>Loses a creation race twice, the way a batch of Marten operations reports it, then succeeds. Public for Wolverine.</summary>
public static class CreationRaceProbeHandler
{
    public sealed record LoseTwoRaces(Guid Id);

    internal static readonly ConcurrentDictionary<Guid, int> Attempts = new();

    public static void Handle(LoseTwoRaces message)
    {
        if (Attempts.AddOrUpdate(message.Id, 1, (_, attempts) => attempts + 1) <= 2)
        {
            throw new AggregateException(
                new InvalidOperationException("another operation of the same session"),
                new JasperFx.DocumentAlreadyExistsException(new InvalidOperationException("duplicate key"), typeof(LoseTwoRaces), message.Id));
        }
    }
}
