using System.Text;

namespace OCoP.Modules.Membership.Access;

/// <summary>How members are named across the solution: one definition of a deleted member's name and of @handles.</summary>
public static class MemberNames
{
    /// <summary>The name shown for a member who deleted their account (and for an author no module knows any more).</summary>
    public const string FormerMember = "Former member";

    /// <summary>The name as written after @: lower case, letters and digits, other runs become one underscore.</summary>
    public static string HandleFor(string displayName)
    {
        var builder = new StringBuilder(displayName.Length);
        foreach (var c in displayName.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }
}
