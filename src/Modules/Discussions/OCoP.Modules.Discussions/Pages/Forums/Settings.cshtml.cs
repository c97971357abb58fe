using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OCoP.BuildingBlocks.Errors;
using OCoP.BuildingBlocks.Web;
using OCoP.Modules.Discussions.Forums;

namespace OCoP.Modules.Discussions.Pages.Forums;

/// <summary>The facilitators' forum settings: categories (add, rename, delete), auto-close after idle days, the flag threshold.</summary>
[Authorize(Policy = MemberPolicy.Name)]
internal sealed class SettingsModel(IMediator mediator) : PageModel
{
    public const string NewCategory = "new";

    public Forum.View Group { get; private set; } = null!;

    /// <summary>The category form ("new" or a category's id) that was refused, with what was typed in it.</summary>
    public string? RefusedForm { get; private set; }

    public string? Name { get; private set; }
    public string? Description { get; private set; }
    public int? Position { get; private set; }
    public string? AutoCloseAfterIdleDays { get; private set; }
    public string? FlagThreshold { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        this.LoadThenPageAsync(() => LoadAsync(slug, cancellationToken));

    public Task<IActionResult> OnPostAddCategoryAsync(string slug, string? name, string? description, CancellationToken cancellationToken) =>
        SaveCategoryAsync(slug, null, name, description, null, cancellationToken);

    public Task<IActionResult> OnPostRenameCategoryAsync(string slug, Guid categoryId, string? name, string? description, int? position,
        CancellationToken cancellationToken) =>
        SaveCategoryAsync(slug, categoryId, name, description, position, cancellationToken);

    public Task<IActionResult> OnPostDeleteCategoryAsync(string slug, Guid categoryId, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), () =>
            this.SendThenRedirectAsync(mediator, new Forum.DeleteCategory(Group.GroupId, categoryId), _ => "The category is deleted.", Here, cancellationToken));

    public Task<IActionResult> OnPostSettingsAsync(string slug, int? autoCloseAfterIdleDays, int? flagThreshold, CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), () =>
        {
            (AutoCloseAfterIdleDays, FlagThreshold) = (Request.Form["autoCloseAfterIdleDays"], Request.Form["flagThreshold"]);
            return ModelState.ErrorCount > 0
                ? Task.FromResult<IActionResult>(Page()) // not a number: the binder said so beside the field
                : this.SendThenRedirectAsync(mediator, new Forum.ChangeSettings(autoCloseAfterIdleDays, flagThreshold) { GroupId = Group.GroupId },
                    _ => "Forum settings saved.", Here, cancellationToken);
        });

    public static string Field(string form, string name) => $"{name}-{form}";

    private string Here => $"/groups/{Group.Slug}/forum/settings";

    private Task<IActionResult> SaveCategoryAsync(string slug, Guid? categoryId, string? name, string? description, int? position,
        CancellationToken cancellationToken) =>
        this.LoadThenAsync(() => LoadAsync(slug, cancellationToken), async () =>
        {
            try
            {
                var saved = await mediator.Send(new Forum.SaveCategory(name ?? "", description, position) { GroupId = Group.GroupId, CategoryId = categoryId },
                    cancellationToken);
                TempData["Notice"] = categoryId is null ? $"Category {saved.Name} added." : $"Category {saved.Name} saved.";
                return Redirect(Here);
            }
            catch (Exception exception) when (ModelState.TryAddProblem(exception, prefix: ""))
            {
                // Each category has its own form: the errors go beside the fields of the one that was sent.
                var form = categoryId?.ToString("N") ?? NewCategory;
                (RefusedForm, Name, Description, Position) = (form, name, description, position);
                foreach (var field in new[] { "name", "description", "position" })
                {
                    ModelState.MoveErrors(field, Field(form, field));
                }

                return Page();
            }
        });

    private async Task LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Group = await mediator.GetForumAsync(slug, cancellationToken);
        if (!Group.Viewer.CanModerate)
        {
            throw ProblemException.Forbidden("Only the group's facilitators and sponsors change the forum's settings.");
        }
    }
}
