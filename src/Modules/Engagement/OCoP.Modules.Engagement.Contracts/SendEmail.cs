namespace OCoP.Modules.Engagement.Contracts;

/// <summary>
/// A command to Engagement, which owns e-mail (docs/adr/0013-one-email-path.md): record this e-mail, then send it. Publish
/// it in the same outboxed transaction as the change that causes it. <paramref name="EmailId"/> makes it idempotent: the
/// same id is recorded (and sent) once; start it with the sending module's name, such as <c>membership/confirm/...</c>.
/// </summary>
/// <param name="Purpose">What the e-mail is for (AccountConfirmation, PasswordReset, DormancyNotice...), kept on the record.</param>
/// <param name="MemberId">The member it is for, when it is for a member (an invitation may go to an address only).</param>
public sealed record SendEmail(
    string EmailId,
    string ToAddress,
    string ToName,
    string Subject,
    string TextBody,
    string HtmlBody,
    string Purpose,
    Guid? MemberId);
