using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Membership.Members;
using OCoP.Modules.Membership.Profiles;
using Wolverine.Marten.Publishing;

namespace OCoP.Modules.Membership.Pages.Account;

[Authorize(Policy = MemberPolicy.Name)]
internal sealed class ProfileModel(IMediator mediator, CurrentMember me, SignInManager<Member> signIn, IMembershipStore store) : PageModel
{
    public PersonalDataExports.Status? LatestExport { get; private set; }

    public async Task<IActionResult> OnPostExportAsync([FromServices] OutboxedSessionFactory<IMembershipStore> sessions, [FromServices] Wolverine.IMessageBus bus,
        [FromServices] Audit.SecurityLog log, [FromServices] TimeProvider clock, CancellationToken cancellationToken)
    {
        await PersonalDataExports.RequestAsync(sessions, bus, log, clock, me.Id, cancellationToken);
        TempData["Notice"] = "Your export is being prepared: its download link appears under \"My data\" when every part is in.";
        return RedirectToPage(null, null, "export-status");
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public string? DeletePassword { get; set; }

    public string? Avatar { get; set; }

    public MyProfile.ProfileView? Current { get; private set; }

    public long AvatarVersion => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Current = await mediator.Send(new MyProfile.Get(me.Id), cancellationToken);
        LatestExport = await PersonalDataExports.LatestAsync(store, me.Id, cancellationToken);
        Input = new InputModel
        {
            DisplayName = Current.DisplayName,
            Bio = Current.Bio,
            Expertise = string.Join(", ", Current.Expertise),
            Interests = string.Join(", ", Current.Interests),
            TimeZone = Current.TimeZone,
            PractisingSince = Current.PractisingSince,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new MyProfile.Edit(Input.DisplayName ?? "", Input.Bio, Tags(Input.Expertise), Tags(Input.Interests),
                string.IsNullOrWhiteSpace(Input.TimeZone) ? null : Input.TimeZone.Trim(), Input.PractisingSince) { MemberId = me.Id }, cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception))
        {
            ModelState.MoveItemErrorsToList();
            Current = await mediator.Send(new MyProfile.Get(me.Id), cancellationToken);
            return Page();
        }

        // The cookie carries the name and time zone the pages write dates in: renew it, so a new time zone applies at once.
        if (await signIn.UserManager.FindByIdAsync(me.Id.ToString()) is { } member)
        {
            await signIn.RefreshSignInAsync(member);
        }

        TempData["Notice"] = "Profile saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAvatarAsync(IFormFile? avatar, CancellationToken cancellationToken)
    {
        if (avatar is null || avatar.Length == 0 || avatar.Length > Profiles.Avatar.MaxUploadBytes)
        {
            ModelState.AddModelError(nameof(Avatar), "Choose an image of at most 2 MB.");
            await OnGetAsync(cancellationToken);
            return Page();
        }

        using var buffer = new MemoryStream();
        await avatar.CopyToAsync(buffer, cancellationToken);
        try
        {
            await mediator.Send(new Profiles.Avatar.Upload(me.Id, buffer.ToArray()), cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            await OnGetAsync(cancellationToken);
            return Page();
        }

        TempData["Notice"] = "Avatar updated.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new MyData.Delete(DeletePassword ?? "") { MemberId = me.Id }, cancellationToken);
        }
        catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
        {
            // The handler names the field "password"; show it beside the delete form's own field.
            ModelState.MoveErrors("Password", nameof(DeletePassword));
            await OnGetAsync(cancellationToken);
            return Page();
        }

        await signIn.SignOutAsync();
        TempData["Notice"] = "Your account is deleted. Thank you for taking part.";
        return LocalRedirect("/");
    }

    private static List<string> Tags(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    internal sealed class InputModel
    {
        public string? DisplayName { get; set; }
        public string? Bio { get; set; }
        public string? Expertise { get; set; }
        public string? Interests { get; set; }
        public string? TimeZone { get; set; }
        public int? PractisingSince { get; set; }
    }
}
