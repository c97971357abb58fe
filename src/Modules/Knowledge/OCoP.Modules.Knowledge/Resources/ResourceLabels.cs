namespace OCoP.Modules.Knowledge.Resources;

/// <summary>The words the pages use for kinds and concerns.</summary>
internal static class ResourceLabels
{
    public static string Of(ResourceKind kind) => kind switch
    {
        ResourceKind.LessonPlan => "Lesson plan",
        ResourceKind.CoursePathway => "Course pathway",
        ResourceKind.CaseStudy => "Case study",
        _ => kind.ToString(),
    };

    public static string Of(ConcernKind concern) => concern switch
    {
        ConcernKind.BrokenLink => "Broken link",
        _ => concern.ToString(),
    };
}
