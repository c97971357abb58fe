using MediatR;
using OCoP.Modules.Knowledge.Files;
using OCoP.Modules.Knowledge.Wiki;

namespace OCoP.Modules.Knowledge.Pages.Files;

/// <summary>The files attached to one page, post or resource, as its page shows them (<c>_Attachments.cshtml</c>).</summary>
internal sealed record Attachments(WikiHome.View Home, FileTarget Target, string TargetId, IReadOnlyList<AttachFile.FileView> Files, string ReturnUrl)
{
    /// <summary>At most this many are listed on the page; the group's files page lists them all.</summary>
    public const int Shown = 50;

    public string AttachPath =>
        $"/groups/{Home.GroupSlug}/files/attach?target={Target}&targetId={Uri.EscapeDataString(TargetId)}&returnUrl={Uri.EscapeDataString(ReturnUrl)}";

    public static async Task<Attachments> LoadAsync(IMediator mediator, WikiHome.View home, FileTarget target, string targetId, string returnUrl,
        CancellationToken cancellationToken)
    {
        var files = await mediator.Send(new AttachFile.ListFiles(home.GroupId, target, targetId, null, Shown), cancellationToken);
        return new Attachments(home, target, targetId, files.Items, returnUrl);
    }

    /// <summary>A size as people read it: 812 bytes, 14 KB, 2.1 MB.</summary>
    public static string SizeOf(long length) => length switch
    {
        < 1024 => $"{length} bytes",
        < 1024 * 1024 => $"{length / 1024.0:0} KB",
        _ => $"{length / 1024.0 / 1024.0:0.#} MB",
    };
}
