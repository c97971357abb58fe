using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using OCoP.BuildingBlocks.Web;

namespace OCoP.Host.Infrastructure;

/// <summary>
/// The OpenAPI document as the written contract of docs/api.md: unique schema names, an operationId on every operation,
/// the problem responses each one can answer, and the security schemes it accepts. Api/OpenApiContractTests checks it.
/// </summary>
internal static class ApiDocument
{
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";
    public const string ProblemSchema = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddOCoPOpenApi(this IServiceCollection services, string sessionCookieName) =>
        services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = SchemaId;
            // Document transformers run in the order they are added: the components first, then the operations that refer to them.
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document, sessionCookieName);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                Complete(operation, context);
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// Schema names carry the type that declares them: <c>Register.Command</c> is <c>RegisterCommand</c>, not one
    /// <c>Command</c> shared by every slice. Types the generator inlines (numbers, strings, arrays) stay inline.
    /// </summary>
    private static string? SchemaId(JsonTypeInfo type) =>
        OpenApiOptions.CreateDefaultSchemaReferenceId(type) is null ? null : NameOf(Nullable.GetUnderlyingType(type.Type) ?? type.Type);

    private static string NameOf(Type type)
    {
        var name = type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}Of{string.Concat(type.GetGenericArguments().Select(NameOf))}"
            : type.Name;
        return type.IsNested && type.DeclaringType is { } declaring ? NameOf(declaring) + name : name;
    }

    private static void Describe(OpenApiDocument document, string sessionCookieName)
    {
        document.Info.Title = "OCoP API";
        document.Info.Description = "Online communities of practice. Conventions: docs/api.md. Authenticate with the session cookie " +
                                    "(people) or 'Authorization: Bearer <personal access token>' (integrators).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "ocop_pat_...",
            Description = "A personal access token (POST /api/membership/tokens from a signed-in session).",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = sessionCookieName,
            Description = "The session cookie set by POST /api/membership/account/sign-in or the sign-in page.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. 'errors' names each invalid field as the API spells it.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
    }

    private static void Complete(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = "/" + (description.RelativePath ?? "");
        operation.OperationId ??= OperationId(method, path);
        foreach (var allowed in metadata.OfType<AllowedValues>())
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == allowed.Parameter)?.Schema is OpenApiSchema schema)
            {
                schema.Enum = [.. allowed.Values.Select(value => (JsonNode)JsonValue.Create(value))];
            }
        }

        var needsMember = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (needsMember)
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] },
            ];
        }

        operation.Responses ??= new OpenApiResponses();
        if (operation.Responses.TryGetValue("201", out var created) && created is OpenApiResponse createdResponse)
        {
            createdResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
            createdResponse.Headers["Location"] = new OpenApiHeader { Description = "The new resource.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        var hasInput = operation.RequestBody is not null || operation.Parameters is { Count: > 0 };
        if (hasInput)
        {
            AddProblem(operation, context, 400, "The request is malformed or a field is invalid ('errors' names the fields).");
        }

        // Any operation, public reads included, refuses a revoked, expired or unknown bearer token (BearerChallenges).
        AddProblem(operation, context, 401, "No valid session or token; WWW-Authenticate names the scheme (error=\"invalid_token\" for a refused token).");
        if (needsMember)
        {
            AddProblem(operation, context, 403, "Signed in, but not allowed to do this.");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            AddProblem(operation, context, 404, "Not there, or not visible to the caller.");
        }

        if (!HttpMethods.IsGet(method))
        {
            AddProblem(operation, context, 409, "Conflicts with the current state.");
        }

        if (operation.RequestBody is not null)
        {
            AddProblem(operation, context, 413, "The request body is too large.");
        }

        // The account endpoints have a rate-limiting policy; posting is throttled per member by Discussions (Posts/Posting.cs).
        var posting = HttpMethods.IsPost(method) && (path.EndsWith("/topics", StringComparison.Ordinal) || path.EndsWith("/posts", StringComparison.Ordinal));
        if (metadata.OfType<EnableRateLimitingAttribute>().Any() || posting)
        {
            AddProblem(operation, context, 429, "Too many requests; Retry-After says when to try again.", retryAfter: true);
        }
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, bool retryAfter = false)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
            },
        };
        if (retryAfter)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                // draft-ietf-httpapi-ratelimit-headers-09 (RateLimitState in BuildingBlocks/Web).
                ["RateLimit-Policy"] = new OpenApiHeader
                {
                    Description = "The quota policy that refused: \"posts\";q=10;w=60 (name, quota, window in seconds).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
                ["RateLimit"] = new OpenApiHeader
                {
                    Description = "Where the caller stands: \"posts\";r=0;t=42 (name, remaining, seconds until reset).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            };
        }
        else if (status == 401)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["WWW-Authenticate"] = new OpenApiHeader { Description = "The scheme to authenticate with.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        operation.Responses[key] = response;
    }

    /// <summary>
    /// A stable, unique operationId from the method and the route: <c>GET /api/discussions/groups/{groupId}/topics</c> is
    /// <c>getDiscussionsGroupTopics</c>. A parameter names its collection in the singular (<c>groups/{groupId}</c> is
    /// <c>Group</c>); a trailing parameter other than an id is kept (<c>ByKind</c>) so that two routes never share one.
    /// </summary>
    public static string OperationId(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList(); // without "api"
        var id = new StringBuilder(method.ToLowerInvariant());
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var next = i + 1 < segments.Count ? segments[i + 1] : null;
            if (segment.StartsWith('{'))
            {
                // Already said by the collection before it (groups/{groupId} -> Group); a second parameter in a row is named.
                if (i > 0 && segments[i - 1].StartsWith('{'))
                {
                    id.Append("By").Append(Pascal(segment.Trim('{', '}').Split(':')[0]));
                }

                continue;
            }

            var word = Pascal(segment);
            id.Append(next is not null && next.StartsWith('{') ? Singular(word) : word);
        }

        return id.ToString();
    }

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Singular(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.EndsWith("ses", StringComparison.Ordinal) ? word[..^2]
        : word.EndsWith('s') ? word[..^1]
        : word;
}
