namespace OCoP.Modules.Knowledge.Resources;

/// <summary>What a resource is ("links to course pathways, vetted syllabi, lesson plans").</summary>
internal enum ResourceKind
{
    Link,
    Document,
    Syllabus,
    LessonPlan,
    CoursePathway,
    CaseStudy,
    Other,
}

/// <summary>What a member may flag about a resource.</summary>
internal enum ConcernKind
{
    Outdated,
    BrokenLink,
    Wrong,
    Other,
}

/// <summary>What the link check last found at a resource's URL.</summary>
internal enum LinkState
{
    Unchecked,
    Working,
    Broken,
}

/// <summary>
/// An entry of a group's resource directory, with its triage: the members' ratings (summed here, each in a
/// <see cref="ResourceRating"/>), their open concerns, a domain expert's vetting, and the link check's last finding.
/// </summary>
internal sealed class Resource
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public ResourceKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string? Url { get; set; }
    public List<string> Tags { get; set; } = [];
    public string Audience { get; set; } = "";
    public string Level { get; set; } = "";
    public Guid SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Submission time then id, as one sortable string: the keyset of the newest-first listing.</summary>
    public string Key { get; set; } = "";

    public bool Vetted { get; set; }
    public Guid? VettedBy { get; set; }
    public DateTimeOffset? VettedAt { get; set; }

    public int RatingCount { get; set; }
    public int RatingSum { get; set; }

    /// <summary>The mean of the ratings, 0 when unrated: stored so the directory filters on it.</summary>
    public double Rating { get; set; }

    public List<ResourceConcern> Concerns { get; set; } = [];

    public LinkState LinkState { get; set; }
    public DateTimeOffset? LinkCheckedAt { get; set; }

    /// <summary>What the last check found wrong ("404 Not Found", "timed out"); empty when the link works.</summary>
    public string LinkProblem { get; set; } = "";

    public void Rate(int? oldStars, int stars)
    {
        RatingSum += stars - (oldStars ?? 0);
        RatingCount += oldStars is null ? 1 : 0;
        Rating = RatingCount == 0 ? 0 : Math.Round((double)RatingSum / RatingCount, 2);
    }

    public static string KeyFor(DateTimeOffset at, Guid id) =>
        at.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", System.Globalization.CultureInfo.InvariantCulture) + id.ToString("N");
}

/// <summary>A concern a member flagged; it stays on the resource, with who and when.</summary>
internal sealed record ResourceConcern(Guid Id, ConcernKind Kind, string Note, Guid By, DateTimeOffset At);

/// <summary>One member's rating (1-5) and review of one resource; rating again replaces it. Id: <see cref="IdFor"/>.</summary>
internal sealed class ResourceRating
{
    public string Id { get; set; } = "";
    public Guid ResourceId { get; set; }
    public Guid GroupId { get; set; }
    public Guid MemberId { get; set; }
    public int Stars { get; set; }
    public string Review { get; set; } = "";
    public DateTimeOffset At { get; set; }

    public static string IdFor(Guid resourceId, Guid memberId) => $"{resourceId:N}/{memberId:N}";
}

/// <summary>The directory's addresses.</summary>
internal static class ResourcePaths
{
    public static string Directory(string groupSlug) => $"/groups/{groupSlug}/resources";

    public static string Resource(string groupSlug, Guid resourceId) => $"{Directory(groupSlug)}/{resourceId}";

    public static string Api(Guid groupId) => $"/api/knowledge/groups/{groupId}/resources";

    public static string Api(Guid groupId, Guid resourceId) => $"{Api(groupId)}/{resourceId}";
}
