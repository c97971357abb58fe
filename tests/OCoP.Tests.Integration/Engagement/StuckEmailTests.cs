using Marten;
using Microsoft.Extensions.DependencyInjection;
using OCoP.Modules.Engagement;
using OCoP.Modules.Engagement.Email;
using OCoP.Tests.Integration.Infrastructure;
using Wolverine;

namespace OCoP.Tests.Integration.Engagement;

/// <summary>
/// E-mail at least once (issue 18, item 4; docs/adr/0026-email-leases.md): an e-mail left <c>Sending</c> by a host that
/// died between recording the attempt and recording its end is sent again once its lease has expired, with the
/// Message-ID of the first attempt, exactly once; one whose lease is still live is left to its owner.
/// </summary>
public sealed class StuckEmailTests(OCoPApp app) : IClassFixture<OCoPApp>
{
    [Fact]
    public async Task An_email_stuck_in_Sending_is_delivered_once_after_its_lease_expires_with_its_Message_ID()
    {
        var address = Members.NewEmail("stuck");
        var id = $"test/stuck/{Guid.NewGuid():N}";
        var messageId = $"{Guid.NewGuid():N}@ocop.localhost";
        var now = app.Clock.GetUtcNow();
        await using (var session = Store().LightweightSession())
        {
            // What a host killed after committing "Sending" and before "Sent" leaves behind.
            session.Insert(new OutgoingEmail
            {
                Id = id, Purpose = "Test", Status = OutgoingEmailStatus.Sending, ToAddress = address, ToName = "Stuck Reader",
                Subject = "Stuck in sending", TextBody = "Hello again", HtmlBody = "<p>Hello again</p>", CreatedAt = now,
                Attempts = 1, MessageId = messageId, LeaseUntil = now + EmailDeliveryHandler.Lease,
            });
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Within the lease the attempt may still be running on its host: the sweep leaves it alone.
        await app.WorkDoneAsync(() => Bus().InvokeAsync(new StuckEmailSweepHandler.SweepStuckEmails()));
        (await LoadAsync(id)).Status.ShouldBe(OutgoingEmailStatus.Sending);
        app.Smtp.Messages(address).ShouldBeEmpty();

        app.Clock.Advance(EmailDeliveryHandler.Lease + TimeSpan.FromSeconds(1));
        await app.WorkDoneAsync(() => Bus().InvokeAsync(new StuckEmailSweepHandler.SweepStuckEmails()));
        // A second sweep after delivery (another host's period) finds nothing to do.
        await app.WorkDoneAsync(() => Bus().InvokeAsync(new StuckEmailSweepHandler.SweepStuckEmails()));

        var delivered = await app.Smtp.WaitForMessageAsync(address, "Stuck in sending");
        delivered.MessageId.ShouldBe(messageId);
        var record = await LoadAsync(id);
        record.Status.ShouldBe(OutgoingEmailStatus.Sent);
        record.Attempts.ShouldBe(2);
        record.MessageId.ShouldBe(messageId);
        app.Smtp.Messages(address).Count().ShouldBe(1);
    }

    [Fact]
    public async Task An_email_sent_normally_keeps_the_Message_ID_it_was_given()
    {
        var member = await app.RegisterConfirmedAsync("Message Id Reader");

        await using var session = Store().QuerySession();
        var record = await Eventually.FoundAsync(async () => (await session.Query<OutgoingEmail>()
                .Where(e => e.MemberId == member.Id && e.Status == OutgoingEmailStatus.Sent).ToListAsync()).FirstOrDefault(),
            "the confirmation's record, sent");
        record.MessageId.ShouldNotBeNullOrWhiteSpace();
        record.LeaseUntil.ShouldBeNull();
        app.Smtp.Messages(member.Email).ShouldContain(m => m.MessageId == record.MessageId);
    }

    private IEngagementStore Store() => app.Services.GetRequiredService<IEngagementStore>();

    private IMessageBus Bus() => app.Services.GetRequiredService<IMessageBus>();

    private async Task<OutgoingEmail> LoadAsync(string id)
    {
        await using var session = Store().QuerySession();
        return (await session.LoadAsync<OutgoingEmail>(id))!;
    }
}
