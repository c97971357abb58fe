using System.Net;
using System.Net.Http.Json;
using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using OCoP.BuildingBlocks.Mediation;
using OCoP.Modules.Membership;
using OCoP.Modules.Membership.Contracts;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace OCoP.Tests.Integration.Outbox;

/// <summary>
/// The transactional outbox between modules: an integration event published by a MediatR handler inside an outboxed
/// Marten session reaches a Wolverine subscriber in another assembly if, and only if, the handler's transaction commits.
/// </summary>
public sealed class OutboxTests(OutboxTests.App app) : IClassFixture<OutboxTests.App>
{
    public sealed class App : OCoPApp
    {
        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.AddModuleFeatures(typeof(OutboxTests).Assembly);
    }

    [Fact]
    public async Task An_event_published_by_a_handler_whose_transaction_commits_reaches_the_subscriber_in_another_assembly()
    {
        var id = Guid.NewGuid();
        await SendAsync(new StoreAndPublish.Command(id, FailAfterPublishing: false));

        var received = await MemberEventsProbe.WaitForAsync<MemberRegistered>(e => e.MemberId == id);
        received.DisplayName.ShouldBe(StoreAndPublish.ProbeName);
        (await LoadAsync(id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task An_event_published_by_a_handler_that_throws_before_committing_is_never_delivered()
    {
        var failed = Guid.NewGuid();
        await Should.ThrowAsync<InvalidOperationException>(() => SendAsync(new StoreAndPublish.Command(failed, FailAfterPublishing: true)));

        // A later event from the same path arrives; the failed one must not have arrived before it, nor after it.
        var later = Guid.NewGuid();
        await SendAsync(new StoreAndPublish.Command(later, FailAfterPublishing: false));
        await MemberEventsProbe.WaitForAsync<MemberRegistered>(e => e.MemberId == later);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        MemberEventsProbe.All<MemberRegistered>(e => e.MemberId == failed).ShouldBeEmpty();
        (await LoadAsync(failed)).ShouldBeNull();
    }

    [Fact]
    public async Task Racing_registrations_of_one_address_create_one_member_and_publish_exactly_one_event()
    {
        var email = Members.NewEmail("racer");
        var names = Enumerable.Range(1, 6).Select(i => $"Racer {Guid.NewGuid():N}").ToList();
        var responses = await Task.WhenAll(names.Select(name =>
            app.CreateClient().PostAsJsonAsync("/api/membership/account/register", new { email, password = Members.Password, displayName = name })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(names.Count - 1);
        var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).JsonAsync()).GetProperty("memberId").GetGuid();

        await MemberEventsProbe.WaitForAsync<MemberRegistered>(e => e.MemberId == winner);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        MemberEventsProbe.All<MemberRegistered>(e => names.Contains(e.DisplayName)).Select(e => e.MemberId).ShouldBe([winner]);
    }

    private async Task SendAsync(StoreAndPublish.Command command)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, TestContext.Current.CancellationToken);
    }

    private async Task<StoreAndPublish.ProbeDocument?> LoadAsync(Guid id)
    {
        await using var session = app.Services.GetRequiredService<IMembershipStore>().QuerySession();
        return await session.LoadAsync<StoreAndPublish.ProbeDocument>(id, TestContext.Current.CancellationToken);
    }
}

/// <summary>A MediatR handler written exactly as the modules write theirs, that can be told to fail after publishing.</summary>
internal static class StoreAndPublish
{
    public const string ProbeName = "Outbox probe";

    internal sealed record Command(Guid Id, bool FailAfterPublishing) : IRequest<bool>;

    internal sealed class ProbeDocument
    {
        public Guid Id { get; set; }
    }

    internal sealed class Handler(OutboxedSessionFactory<IMembershipStore> sessions, IMessageBus bus) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var session = sessions.OpenSession(bus);
            session.Store(new ProbeDocument { Id = command.Id });
            await bus.PublishAsync(new MemberRegistered(command.Id, ProbeName, "UTC", DateTimeOffset.UtcNow));
            if (command.FailAfterPublishing)
            {
                throw new InvalidOperationException("The handler failed after publishing, before its transaction committed.");
            }

            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
    }
}
