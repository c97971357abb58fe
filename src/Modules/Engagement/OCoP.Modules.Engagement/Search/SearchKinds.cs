using OCoP.Modules.Engagement.Contracts;

namespace OCoP.Modules.Engagement.Search;

/// <summary>The kinds of things search finds, as the API names them (the <c>kind</c> filter and each result's <c>kind</c>).</summary>
internal static class SearchKinds
{
    public const string Member = "member";
    public const string Group = "group";

    /// <summary>Content kinds, from the public contract: read with the group's visibility.</summary>
    public static readonly IReadOnlyList<string> Content = [.. Enum.GetValues<SearchableKind>().Select(Of)];

    public static readonly IReadOnlyList<string> All = [.. Content, Member, Group];

    public static string Of(SearchableKind kind) => kind switch
    {
        SearchableKind.WikiPage => "wiki-page",
        SearchableKind.BlogPost => "blog-post",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
