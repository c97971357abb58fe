using Marten;
using OCoP.Modules.Engagement.Contracts;
using Wolverine.Marten;

namespace OCoP.Modules.Engagement.Email;

/// <summary>
/// E-mail that other modules ask for (account confirmation, password reset, invitations, membership expiry, dormancy):
/// recorded here, then sent by <see cref="EmailDeliveryHandler"/> like alerts and digests, so every e-mail takes one path
/// (docs/adr/0013-one-email-path.md). Idempotent by the request's id. Public for Wolverine (docs/adr/0001).
/// </summary>
[MartenStore(typeof(IEngagementStore))]
public static class EmailRequestsHandler
{
    public static async Task<EmailDeliveryHandler.DeliverEmail?> Handle(SendEmail request, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<OutgoingEmail>(request.EmailId, cancellationToken) is not null)
        {
            return null; // asked for again (a redelivery): recorded, and sent or being sent, once
        }

        // Inserted, not stored: of two deliveries of the same request at once, the loser runs again and finds it here.
        session.Insert(new OutgoingEmail
        {
            Id = request.EmailId,
            MemberId = request.MemberId,
            Purpose = request.Purpose,
            ToAddress = request.ToAddress,
            ToName = request.ToName,
            Subject = request.Subject,
            TextBody = request.TextBody,
            HtmlBody = request.HtmlBody,
            CreatedAt = clock.GetUtcNow(),
        });
        return new EmailDeliveryHandler.DeliverEmail(request.EmailId);
    }
}
