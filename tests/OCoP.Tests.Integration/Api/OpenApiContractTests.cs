using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using OCoP.Tests.Integration.Infrastructure;

namespace OCoP.Tests.Integration.Api;

/// <summary>
/// docs/api.md, checked on the OpenAPI document the real host serves: each rule of the contract is one test, and a new
/// endpoint that breaks one fails here with the operations named.
/// </summary>
public sealed partial class OpenApiContractTests(SharedOCoPApp app)
{
    private static readonly string[] Modules = ["Membership", "Discussions", "Engagement", "Knowledge", "Events"];

    /// <summary>Path parameters, named once for the whole API.</summary>
    private static readonly Dictionary<string, string> PathParameterTypes = new()
    {
        ["groupId"] = "uuid", ["memberId"] = "uuid", ["categoryId"] = "uuid", ["tokenId"] = "uuid", ["notificationId"] = "uuid",
        ["conversationId"] = "uuid", ["postId"] = "uuid", ["eventId"] = "uuid", ["feedId"] = "uuid", ["webhookId"] = "uuid",
        ["resourceId"] = "uuid", ["fileId"] = "uuid", ["channelId"] = "uuid", ["exportId"] = "uuid",
        ["surveyId"] = "uuid", ["commentId"] = "uuid", ["proposalId"] = "uuid", ["announcementId"] = "uuid", ["promptId"] = "uuid", ["entryId"] = "uuid", ["moveId"] = "uuid", ["messageId"] = "uuid",
        ["topicNumber"] = "integer", ["postNumber"] = "integer", ["messageNumber"] = "integer", ["revisionNumber"] = "integer",
        ["slug"] = "string", ["kind"] = "string", ["itemId"] = "string", ["target"] = "string", ["targetId"] = "string", ["invitationToken"] = "string", ["feedToken"] = "string", ["passkeyId"] = "string",
    };

    /// <summary>
    /// What the server knows itself: the group of the route, the caller. Never a request body field; nor is any parameter
    /// of the operation's own path (a topicNumber in the body of .../topics/{topicNumber}/...).
    /// </summary>
    private static readonly string[] ServerSetFields = ["creatorId", "authorId", "groupId", "memberId"];

    /// <summary>
    /// The one body that names a member on purpose: confirming an address with the member id and token from the e-mailed
    /// link (the caller is not signed in yet).
    /// </summary>
    private static readonly HashSet<string> MemberIdFromALink = ["POST /api/membership/account/confirm"];

    /// <summary>Parameters that take one of a fixed set of values: the document lists them.</summary>
    private static readonly string[] FixedValueSets = ["sort", "view", "state", "target", "kind"];

    /// <summary>Names that a slice uses for its nested request and response types; alone they say nothing.</summary>
    private static readonly string[] BareSliceNames = ["Command", "Query", "Edit", "Change", "Accept", "Delete", "View", "Entry", "Item", "Body", "Get", "List"];

    [Fact]
    public async Task Every_operation_lives_under_its_modules_prefix_and_carries_its_modules_tag()
    {
        var problems = (await OperationsAsync())
            .Where(o => o.Tags.Length != 1 || !Modules.Contains(o.Tags[0]) || !o.Path.StartsWith($"/api/{o.Tags[0].ToLowerInvariant()}/", StringComparison.Ordinal))
            .Select(o => $"{o.Key} tagged [{string.Join(", ", o.Tags)}]");
        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Path_parameters_use_the_shared_names_and_types_and_query_parameters_are_camelCase()
    {
        var problems = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            foreach (var parameter in operation.Parameters)
            {
                var name = parameter.GetProperty("name").GetString()!;
                var location = parameter.GetProperty("in").GetString();
                if (location == "path")
                {
                    if (!PathParameterTypes.TryGetValue(name, out var expected))
                    {
                        problems.Add($"{operation.Key}: path parameter {{{name}}} is not one of the shared names");
                    }
                    else if (TypeOf(parameter.GetProperty("schema")) != expected)
                    {
                        problems.Add($"{operation.Key}: {{{name}}} is {TypeOf(parameter.GetProperty("schema"))}, not {expected}");
                    }
                }
                else if (location == "query" && !CamelCase().IsMatch(name))
                {
                    problems.Add($"{operation.Key}: query parameter '{name}' is not camelCase");
                }

                if (FixedValueSets.Contains(name) && !parameter.GetProperty("schema").TryGetProperty("enum", out _))
                {
                    problems.Add($"{operation.Key}: '{name}' takes a fixed set of values but lists none");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_list_is_one_cursor_page_with_limit_and_cursor_and_no_response_is_a_bare_array()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            foreach (var (status, schema) in operation.ResponseSchemas(document))
            {
                if (TypeOf(schema) == "array")
                {
                    problems.Add($"{operation.Key} answers {status} with a bare array");
                }
            }

            var success = operation.ResponseSchemas(document).Where(r => r.Status == "200").Select(r => r.Schema).FirstOrDefault();
            var isPage = success.ValueKind == JsonValueKind.Object && Properties(document, success) is { } properties &&
                         properties.ContainsKey("items") && properties.ContainsKey("nextCursor");
            var queries = operation.Parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()).ToHashSet();
            if (isPage && !(queries.Contains("limit") && queries.Contains("cursor")))
            {
                problems.Add($"{operation.Key} answers a page but does not take limit and cursor");
            }

            if (queries.Contains("limit") && !isPage && !operation.Path.Contains("/topics/{topicNumber}", StringComparison.Ordinal))
            {
                problems.Add($"{operation.Key} takes limit but does not answer the page shape");
            }

            foreach (var other in new[] { "size", "after", "page", "offset", "pageSize" })
            {
                if (queries.Contains(other) && !(other == "page" && operation.Path.EndsWith("/topics/{topicNumber}", StringComparison.Ordinal)))
                {
                    problems.Add($"{operation.Key} pages with '{other}' instead of cursor and limit");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task No_DELETE_has_a_body_and_action_endpoints_are_a_POST_with_a_verb_at_the_end()
    {
        var problems = new List<string>();
        var verbs = new HashSet<string>(["join", "leave", "renew", "accept", "decide", "resolve", "close", "read", "read-all", "open", "report", "remove",
            "delete", "register", "sign-in", "sign-out", "confirm", "resend-confirmation", "forgot-password", "reset-password"]);
        foreach (var operation in await OperationsAsync())
        {
            if (operation.Method == "DELETE" && operation.Value.TryGetProperty("requestBody", out _))
            {
                problems.Add($"{operation.Key} has a request body");
            }

            var last = operation.Path.Split('/')[^1];
            if (verbs.Contains(last) && operation.Method != "POST")
            {
                problems.Add($"{operation.Key}: the action '{last}' is not a POST");
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_operation_has_a_unique_operationId()
    {
        var operations = await OperationsAsync();
        operations.Where(o => string.IsNullOrEmpty(o.OperationId)).Select(o => o.Key).ShouldBeEmpty();
        operations.GroupBy(o => o.OperationId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Key))}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Schema_names_are_unique_and_say_which_feature_they_belong_to()
    {
        var names = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();
        names.Where(n => BareSliceNames.Contains(n)).ShouldBeEmpty();
        // The generator numbers a second schema of the same name (Command2): a name ending in a digit is a collision.
        names.Where(n => char.IsDigit(n[^1])).ShouldBeEmpty();
    }

    [Fact]
    public async Task No_request_body_holds_a_field_the_server_sets_itself()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            if (!operation.Value.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var json))
            {
                continue;
            }

            var fields = Properties(document, json.GetProperty("schema"))?.Keys.ToList() ?? [];
            var pathParameters = operation.Parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!);
            foreach (var field in fields.Intersect(ServerSetFields.Concat(pathParameters)))
            {
                if (!(field == "memberId" && MemberIdFromALink.Contains(operation.Key)))
                {
                    problems.Add($"{operation.Key}: the body has '{field}'");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Integers_are_integers_and_enums_list_their_values()
    {
        var document = await DocumentAsync();
        var mixed = new List<string>();
        Walk(document, "$", (path, element) =>
        {
            if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array)
            {
                var types = type.EnumerateArray().Select(t => t.GetString()).ToHashSet();
                if ((types.Contains("integer") || types.Contains("number")) && types.Contains("string"))
                {
                    mixed.Add(path);
                }
            }
        });
        mixed.ShouldBeEmpty();

        // Every enum of the modules that the document shows is a schema with its values, as the API spells them.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var enums = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("OCoP.Modules.", StringComparison.Ordinal) == true)
            .SelectMany(a => a.GetTypes()).Where(t => t.IsEnum)
            .ToDictionary(SchemaName, t => t);
        var shown = schemas.EnumerateObject().Where(s => enums.ContainsKey(s.Name)).ToList();
        shown.ShouldNotBeEmpty();
        foreach (var schema in shown)
        {
            schema.Value.TryGetProperty("enum", out var values).ShouldBeTrue($"{schema.Name} lists no values");
            values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString())
                .Order().ShouldBe(Enum.GetNames(enums[schema.Name]).Order(), schema.Name);
        }
    }

    [Fact]
    public async Task Every_operation_states_its_success_code_and_answers_errors_as_problem_details()
    {
        var problems = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            var responses = operation.Value.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            var successes = responses.Keys.Where(k => k[0] is '2' or '3').ToList();
            var allowed = operation.Method switch
            {
                "GET" => ["200", "302"],
                "POST" => ["200", "201", "202", "204", "302"],
                "PUT" => ["200", "204"],
                "DELETE" => new[] { "200", "204" },
                _ => [],
            };
            if (successes.Count != 1 || !allowed.Contains(successes[0]))
            {
                problems.Add($"{operation.Key}: success [{string.Join(", ", successes)}]");
            }

            if (successes is ["201"] && !(responses["201"].TryGetProperty("headers", out var headers) && headers.TryGetProperty("Location", out _)))
            {
                problems.Add($"{operation.Key}: 201 without Location");
            }

            if (successes is ["204"] && responses["204"].TryGetProperty("content", out _))
            {
                problems.Add($"{operation.Key}: 204 with content");
            }

            var errors = responses.Where(r => r.Key[0] is '4' or '5').ToList();
            if (errors.Count == 0)
            {
                problems.Add($"{operation.Key}: no error responses");
            }

            foreach (var (status, response) in errors)
            {
                if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem) ||
                    problem.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/ProblemDetails")
                {
                    problems.Add($"{operation.Key}: {status} is not a ProblemDetails");
                }
            }

            var hasInput = operation.Parameters.Count > 0 || operation.Value.TryGetProperty("requestBody", out _);
            if (hasInput && !responses.ContainsKey("400"))
            {
                problems.Add($"{operation.Key}: takes input but documents no 400");
            }

            if (operation.Secured && !(responses.ContainsKey("401") && responses.ContainsKey("403")))
            {
                problems.Add($"{operation.Key}: needs a member but documents no 401/403");
            }
        }

        problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Operations_that_need_a_member_declare_both_schemes_and_the_others_answer_anonymous_callers()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        schemes.GetProperty("cookie").GetProperty("in").GetString().ShouldBe("cookie");

        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var problems = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            if (operation.Secured)
            {
                string.Join(", ", operation.SchemeNames.Order()).ShouldBe("bearer, cookie", operation.Key);
            }

            // Asking is safe: an anonymous call to a member's operation is refused before anything runs, and only GETs
            // are called where no member is needed.
            if (operation.Secured || operation.Method == "GET")
            {
                var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(operation.Method), Concrete(operation.Path)),
                    TestContext.Current.CancellationToken);
                if (operation.Secured != (response.StatusCode == HttpStatusCode.Unauthorized))
                {
                    problems.Add($"{operation.Key}: declares {(operation.Secured ? "" : "no ")}security, anonymous call answered {(int)response.StatusCode}");
                }
            }
        }

        problems.ShouldBeEmpty();
    }

    private static string Concrete(string path) => ParameterInPath().Replace(path, match => match.Groups[1].Value switch
    {
        "topicNumber" or "postNumber" or "messageNumber" or "revisionNumber" => "1",
        var name when PathParameterTypes.GetValueOrDefault(name) == "uuid" => Guid.NewGuid().ToString(),
        "target" => "group",
        _ => "something",
    });

    private static string SchemaName(Type type) => (type.IsNested && type.DeclaringType is { } declaring ? SchemaName(declaring) : "") + type.Name;

    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("$ref", out _) ? "ref" : null;
        }

        var name = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).First(t => t != "null") : type.GetString();
        return name == "string" && schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" ? "uuid" : name;
    }

    private static Dictionary<string, JsonElement>? Properties(JsonElement document, JsonElement schema)
    {
        var resolved = Resolve(document, schema);
        return resolved.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value) : null;
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static void Walk(JsonElement element, string path, Action<string, JsonElement> visit)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            visit(path, element);
            foreach (var property in element.EnumerateObject())
            {
                Walk(property.Value, $"{path}.{property.Name}", visit);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, $"{path}[{i++}]", visit);
            }
        }
    }

    private JsonElement? document;

    private async Task<JsonElement> DocumentAsync() =>
        document ??= JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;

    private async Task<List<Operation>> OperationsAsync()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(o => new Operation(path.Name, o.Name.ToUpperInvariant(), o.Value, path.Value)))
            .ToList();
        operations.Count.ShouldBeGreaterThan(80);
        return operations;
    }

    private sealed record Operation(string Path, string Method, JsonElement Value, JsonElement PathItem)
    {
        public string Key => $"{Method} {Path}";

        public string? OperationId => Value.TryGetProperty("operationId", out var id) ? id.GetString() : null;

        public string[] Tags => Value.TryGetProperty("tags", out var tags) ? [.. tags.EnumerateArray().Select(t => t.GetString()!)] : [];

        public List<JsonElement> Parameters => [.. Items(PathItem, "parameters"), .. Items(Value, "parameters")];

        public bool Secured => Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;

        public string[] SchemeNames => Secured ? [.. Value.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name))] : [];

        private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
            element.TryGetProperty(name, out var array) ? array.EnumerateArray() : Enumerable.Empty<JsonElement>();

        public IEnumerable<(string Status, JsonElement Schema)> ResponseSchemas(JsonElement document) =>
            Value.GetProperty("responses").EnumerateObject()
                .Where(r => r.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out _))
                .Select(r => (r.Name, Resolve(document, r.Value.GetProperty("content").GetProperty("application/json").GetProperty("schema"))));
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex ParameterInPath();
}
