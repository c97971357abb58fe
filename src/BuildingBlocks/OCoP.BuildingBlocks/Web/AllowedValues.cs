using Microsoft.AspNetCore.Builder;

namespace OCoP.BuildingBlocks.Web;

/// <summary>
/// A query or path parameter that an endpoint takes as a string but accepts only from a fixed set (a sort order, a kind of
/// reaction). The host's OpenAPI document lists the values as the parameter's <c>enum</c> (docs/api.md).
/// </summary>
public sealed record AllowedValues(string Parameter, IReadOnlyList<string> Values);

public static class AllowedValuesEndpoints
{
    public static TBuilder WithAllowedValues<TBuilder>(this TBuilder builder, string parameter, IEnumerable<string> values)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowedValues(parameter, [.. values]));
}
