using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace OCoP.BuildingBlocks.Errors;

/// <summary>
/// Turns the framework's binding failures into problems that name the field as the API spells it (docs/api.md). The
/// framework's own texts name C# declarations (<c>Failed to bind parameter "Nullable&lt;int&gt; limit" from "abc"</c>)
/// and JSON errors name C# types; neither reaches a client.
/// </summary>
internal static partial class BindingProblems
{
    public static ProblemDetails Of(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = bad.StatusCode, Title = "The request body is too large." };
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails { Status = bad.StatusCode, Title = "Unsupported media type", Detail = "Send the body as application/json." };
        }

        if (bad.InnerException is JsonException json)
        {
            return Of(json);
        }

        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
        {
            var field = ProblemExceptionHandler.ToCamelCase(failed.Groups["name"].Value);
            return ProblemExceptionHandler.FieldErrors(new Dictionary<string, string[]> { [field] = [$"This is not a valid value for {field}."] });
        }

        if (NotProvided().Match(bad.Message) is { Success: true } missing)
        {
            if (missing.Groups["source"].Value == "body")
            {
                return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The request body is missing.", Detail = "Send a JSON body." };
            }

            var field = ProblemExceptionHandler.ToCamelCase(missing.Groups["name"].Value);
            return ProblemExceptionHandler.FieldErrors(new Dictionary<string, string[]> { [field] = [$"{field} is required."] });
        }

        // Anything else the framework says names its own declarations: say only that the request was not understood.
        return new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read." };
    }

    /// <summary>A body that is not JSON, or a value of the wrong type or an unknown enum name at a JSON path.</summary>
    public static ProblemDetails Of(JsonException json)
    {
        var field = FieldOf(json.Path);
        if (field is null)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is not valid JSON.",
                Detail = json.LineNumber is { } line ? $"Check the JSON near line {line + 1}, position {json.BytePositionInLine + 1}." : null,
            };
        }

        return ProblemExceptionHandler.FieldErrors(new Dictionary<string, string[]> { [field] = [$"This is not a valid value for {field}."] });
    }

    /// <summary><c>$.charter.purpose</c> is <c>charter.purpose</c>, <c>$.roles[0]</c> is <c>roles[0]</c>; <c>$</c> is no field.</summary>
    private static string? FieldOf(string? path) =>
        path is null || path.Length <= 2 || !path.StartsWith("$.", StringComparison.Ordinal) ? null : path[2..];

    [GeneratedRegex("""^Failed to bind parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from ".*"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" was not provided from (?<source>[a-z ]+)\.$""", RegexOptions.Singleline)]
    private static partial Regex NotProvided();
}
