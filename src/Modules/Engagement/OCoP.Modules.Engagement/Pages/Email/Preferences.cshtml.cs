using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Engagement.Email;
using OCoP.Modules.Engagement.Notifications;

namespace OCoP.Modules.Engagement.Pages.Email;

/// <summary>A member chooses, per kind of notification, when to hear about it by e-mail, and when digests arrive.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class PreferencesModel(IMediator mediator) : PageModel
{
    public EmailSettings.View Current { get; private set; } = null!;

    public static IReadOnlyList<NotificationKind> Kinds { get; } = Enum.GetValues<NotificationKind>();
    public static IReadOnlyList<EmailFrequency> Frequencies { get; } = Enum.GetValues<EmailFrequency>();

    public static string Field(NotificationKind kind) => $"kind-{kind}";

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Current = await mediator.Send(new EmailSettings.Query(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? digestTime, string? weeklyDay, CancellationToken cancellationToken)
    {
        var kinds = Kinds.Where(k => Request.Form.ContainsKey(Field(k))).ToDictionary(k => k.ToString(), k => Request.Form[Field(k)].ToString());
        var result = await this.SendThenRedirectAsync(mediator, new EmailSettings.Change(kinds, digestTime, weeklyDay),
            _ => "Your e-mail preferences are saved.", EmailComposer.PreferencesPath, cancellationToken);
        if (result is PageResult)
        {
            Current = await mediator.Send(new EmailSettings.Query(), cancellationToken);
        }

        return result;
    }
}
