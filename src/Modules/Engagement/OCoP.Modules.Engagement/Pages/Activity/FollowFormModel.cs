namespace OCoP.Modules.Engagement.Pages.Activity;

/// <summary>A follow control: a form posting to /follows that comes back to <see cref="ReturnUrl"/>.</summary>
internal sealed record FollowFormModel(string Target, string Id, string? Level, string ReturnUrl);
