using System.Globalization;
using FluentValidation;
using FluentValidation.Resources;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// FluentValidation's default messages quote C# names ("'Display Name' must not be empty"). People read these messages
/// beside the field, so every validator speaks plainly: the property as a sentence-case label ("Display name"), no
/// quotes, no type names. A rule that needs a better label says so with <c>WithName</c>.
/// </summary>
public static partial class PlainValidationMessages
{
    private static int applied;

    /// <summary>Sets the process-wide FluentValidation options once (they are static in FluentValidation).</summary>
    public static void Apply()
    {
        if (Interlocked.Exchange(ref applied, 1) == 1)
        {
            return;
        }

        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : Label(member.Name);
        ValidatorOptions.Global.LanguageManager = new PlainEnglish();
        // One message per field, the first that applies: an empty e-mail address is "must not be empty", not also "not an e-mail address".
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
    }

    /// <summary>"DisplayName" is "Display name", "PollClosesAt" is "Poll closes at", "URL" stays "URL".</summary>
    public static string Label(string propertyName)
    {
        if (KnownLabels.TryGetValue(propertyName, out var known))
        {
            return known;
        }

        var words = Words().Split(propertyName).Where(w => w.Length > 0).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            var acronym = words[i].Length > 1 && words[i].All(char.IsUpper);
            words[i] = acronym ? words[i]
                : i == 0 ? char.ToUpperInvariant(words[i][0]) + words[i][1..].ToLowerInvariant()
                : words[i].ToLowerInvariant();
        }

        return string.Join(' ', words);
    }

    /// <summary>Names whose words alone would not say what the form calls them.</summary>
    private static readonly Dictionary<string, string> KnownLabels = new(StringComparer.Ordinal)
    {
        ["Email"] = "E-mail address",
        ["Q"] = "Your search",
    };

    [System.Text.RegularExpressions.GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")]
    private static partial System.Text.RegularExpressions.Regex Words();

    /// <summary>The messages rules use most, in plain words; the others keep FluentValidation's English.</summary>
    private sealed class PlainEnglish : LanguageManager
    {
        public PlainEnglish()
        {
            Culture = CultureInfo.GetCultureInfo("en");
            Add("NotEmptyValidator", "{PropertyName} must not be empty.");
            Add("NotNullValidator", "{PropertyName} must not be empty.");
            Add("EmptyValidator", "{PropertyName} must be empty.");
            Add("MaximumLengthValidator", "{PropertyName} must be {MaxLength} characters or fewer (you entered {TotalLength}).");
            Add("MinimumLengthValidator", "{PropertyName} must be at least {MinLength} characters (you entered {TotalLength}).");
            Add("LengthValidator", "{PropertyName} must be between {MinLength} and {MaxLength} characters (you entered {TotalLength}).");
            Add("ExactLengthValidator", "{PropertyName} must be exactly {MaxLength} characters (you entered {TotalLength}).");
            Add("EmailValidator", "{PropertyName} must be an e-mail address, such as name@example.org.");
            Add("GreaterThanValidator", "{PropertyName} must be more than {ComparisonValue}.");
            Add("GreaterThanOrEqualValidator", "{PropertyName} must be {ComparisonValue} or more.");
            Add("LessThanValidator", "{PropertyName} must be less than {ComparisonValue}.");
            Add("LessThanOrEqualValidator", "{PropertyName} must be {ComparisonValue} or less.");
            Add("InclusiveBetweenValidator", "{PropertyName} must be from {From} to {To}.");
            Add("ExclusiveBetweenValidator", "{PropertyName} must be between {From} and {To}.");
            Add("EnumValidator", "{PropertyName} is not one of the choices offered.");
            Add("PredicateValidator", "{PropertyName} is not valid.");
            Add("AsyncPredicateValidator", "{PropertyName} is not valid.");
            Add("RegularExpressionValidator", "{PropertyName} is not in the expected form.");
            Add("EqualValidator", "{PropertyName} must be {ComparisonValue}.");
            Add("NotEqualValidator", "{PropertyName} must not be {ComparisonValue}.");
        }

        private void Add(string key, string message)
        {
            AddTranslation("en", key, message);
            AddTranslation("en-US", key, message);
            AddTranslation("en-GB", key, message);
        }
    }
}
