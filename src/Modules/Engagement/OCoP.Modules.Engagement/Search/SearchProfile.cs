using OCoP.Modules.Membership.Access;

namespace OCoP.Modules.Engagement.Search;

/// <summary>
/// What people search finds of a member (name, @handle, expertise, interests), kept from Membership's events so the index
/// can be rebuilt from this module's own documents. A deletion wins over every profile event, earlier or later.
/// </summary>
internal sealed class SearchProfile
{
    public Guid Id { get; set; }
    public string DisplayName { get; set; } = "";
    public List<string> Expertise { get; set; } = [];
    public List<string> Interests { get; set; } = [];
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public bool Deleted { get; set; }

    public SearchEntry ToEntry() =>
        new(Id, SearchKinds.Member, null, null, Id, DisplayName, string.Join(". ", Expertise.Concat(Interests)), "@" + MemberNames.HandleFor(DisplayName),
            [.. Expertise.Concat(Interests).Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct()], $"/members/{Id}", false,
            RegisteredAt, ChangedAt);
}
