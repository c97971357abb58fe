using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OCoP.Tests.Integration.Fuzz;

/// <summary>
/// Builds requests for the operations of the OpenAPI document: path and query parameters and JSON bodies shaped by their
/// schemas, mostly well-formed (so that requests get past binding into the handlers), sometimes hostile: control
/// characters, unpaired surrogates, very long or odd text, null or the wrong type where a value goes, missing fields,
/// bodies that are not JSON, content types with odd charsets.
/// </summary>
internal sealed class OpenApiRequests
{
    private static readonly string[] Words = ["practice", "Inquiry science", "coaching", "a", "Ünïcödé ≈ ç", "tag-1", "😀 emoji", "2026-12-01"];

    private static readonly string[] HostileText =
    [
        "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\u007f", "\u0085", "\ud800", "x\udc00y", "", " ", "\r\n\t",
        new string('x', 5000), new string('é', 300), "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd",
        "null", "{\"a\":1}", "\\", "\"", "\u202e\u200b", "０１２", "-1", "NaN",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "application/json; charset=klingon",
        "application/json; charset=\"\"", "text/plain", "application/x-www-form-urlencoded", "application/merge-patch+json", "",
    ];

    private static readonly string[] RawBodies = ["", "{", "[]", "null", "\"text\"", "42", "{\"a\":", "\u0000", "{}", "[null]", "{\"\u0000\":1}"];

    private readonly JsonElement schemas;

    private OpenApiRequests(JsonElement document, IReadOnlyDictionary<string, string> knownValues)
    {
        schemas = document.GetProperty("components").GetProperty("schemas");
        KnownValues = knownValues;
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                var parameters = method.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                JsonElement? body = method.Value.TryGetProperty("requestBody", out var requestBody) &&
                                    requestBody.GetProperty("content").EnumerateObject().FirstOrDefault() is { Value.ValueKind: JsonValueKind.Object } content &&
                                    content.Value.TryGetProperty("schema", out var schema)
                    ? schema
                    : null;
                var id = method.Value.TryGetProperty("operationId", out var operationId) ? operationId.GetString()! : $"{method.Name} {path.Name}";
                operations.Add(new Operation(id, method.Name.ToUpperInvariant(), path.Name, parameters, body));
            }
        }

        Operations = operations;
    }

    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>Real values for path parameters by name (a group that exists, the caller's own id), so requests reach deep.</summary>
    public IReadOnlyDictionary<string, string> KnownValues { get; }

    public static OpenApiRequests From(JsonElement document, IReadOnlyDictionary<string, string> knownValues) => new(document, knownValues);

    public FuzzRequest Build(int operationIndex, FuzzCaller caller, RequestChoices choices)
    {
        var operation = Operations[operationIndex];
        var url = new StringBuilder(operation.Path);
        var query = new List<string>();
        foreach (var parameter in operation.Parameters)
        {
            var name = parameter.GetProperty("name").GetString()!;
            var location = parameter.GetProperty("in").GetString();
            var schema = parameter.TryGetProperty("schema", out var s) ? s : default;
            if (location == "path")
            {
                // A NUL in a path never reaches the application: Kestrel refuses it while parsing the request line, and the
                // test server's client throws (Api/EarlyRejectionTests covers it); another control character takes its place.
                url.Replace("{" + name + "}", Uri.EscapeDataString(PathValue(name, schema, choices).Replace('\u0000', '\u0001')));
            }
            else if (location == "query" && choices.Percent(60))
            {
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(ScalarText(schema, choices))}");
            }
        }

        if (choices.Percent(3))
        {
            query.Add($"{Uri.EscapeDataString(choices.OneOf(HostileText))}=1"); // a parameter nobody declared
        }

        if (query.Count > 0)
        {
            url.Append('?').AppendJoin('&', query);
        }

        string? body = null;
        string? contentType = null;
        if (operation.Body is { } bodySchema)
        {
            body = choices.Percent(6) ? choices.OneOf(RawBodies) : Json(Value(bodySchema, choices, 0));
            contentType = choices.Percent(10) ? choices.OneOf(ContentTypes) : "application/json";
        }
        else if (operation.Method != "GET" && choices.Percent(5))
        {
            body = choices.OneOf(RawBodies);
            contentType = choices.OneOf(ContentTypes);
        }

        return new FuzzRequest(operation.Id, caller, operation.Method, url.ToString(), body, contentType?.Length == 0 ? null : contentType);
    }

    private string PathValue(string name, JsonElement schema, RequestChoices choices)
    {
        var pick = choices.Next(10);
        if (pick < 6 && KnownValues.TryGetValue(name, out var known))
        {
            return known;
        }

        return pick < 9 ? ScalarText(schema, choices) : choices.OneOf(HostileText);
    }

    /// <summary>A query or path value: well-formed for its schema most of the time.</summary>
    private string ScalarText(JsonElement schema, RequestChoices choices)
    {
        if (choices.Percent(15))
        {
            return choices.OneOf(HostileText);
        }

        return Value(schema, choices, 0) switch
        {
            null => "",
            string text => text,
            bool flag => flag ? "true" : "false",
            long number => number.ToString(CultureInfo.InvariantCulture),
            double number => number.ToString(CultureInfo.InvariantCulture),
            var other => Json(other),
        };
    }

    /// <summary>A value for <paramref name="schema"/>: null, bool, long, double, string, a list or a dictionary.</summary>
    private object? Value(JsonElement schema, RequestChoices choices, int depth)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object || depth > 6)
        {
            return null;
        }

        if (choices.Percent(7))
        {
            return Hostile(choices);
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                var list = options.EnumerateArray().ToList();
                var nonNull = list.Where(o => !IsNullSchema(o)).ToList();
                return Value(choices.OneOf(nonNull.Count > 0 && !choices.Percent(10) ? nonNull : list), choices, depth);
            }
        }

        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0 && !choices.Percent(10))
        {
            var value = values[choices.Next(values.GetArrayLength())];
            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
        }

        var type = TypeOf(schema, choices);
        return type switch
        {
            "object" => ObjectValue(schema, choices, depth),
            "array" => Enumerable.Range(0, choices.Next(4))
                .Select(_ => schema.TryGetProperty("items", out var items) ? Value(items, choices, depth + 1) : null).ToList(),
            "integer" => (long)choices.OneOf<long>([1, 0, 20, 2, -1, 100, 101, int.MaxValue, long.MaxValue, int.MinValue]),
            "number" => choices.OneOf<double>([1.5, 0, -1, 1e300]),
            "boolean" => choices.Next(2) == 1,
            "string" => StringValue(schema, choices),
            "null" => null,
            _ => choices.Percent(50) ? StringValue(schema, choices) : ObjectValue(schema, choices, depth),
        };
    }

    private Dictionary<string, object?> ObjectValue(JsonElement schema, RequestChoices choices, int depth)
    {
        var result = new Dictionary<string, object?>();
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (!choices.Percent(12))
                {
                    result[property.Name] = Value(property.Value, choices, depth + 1);
                }
            }
        }

        return result;
    }

    private string StringValue(JsonElement schema, RequestChoices choices)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (choices.Percent(10))
        {
            return choices.OneOf(HostileText);
        }

        return format switch
        {
            "uuid" => choices.Percent(50) && KnownValues.TryGetValue("groupId", out var group) ? group : new Guid(choices.Next(int.MaxValue), 1, 2, new byte[8]).ToString(),
            "date-time" => choices.OneOf(["2026-12-01T10:00:00Z", "2020-01-01T00:00:00+02:00", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"]),
            "email" => choices.OneOf(["someone@example.org", "not-an-address", "ü@exämple.org"]),
            _ => choices.OneOf(Words),
        };
    }

    private static object? Hostile(RequestChoices choices) => choices.Next(8) switch
    {
        0 => null,
        1 => choices.OneOf(HostileText),
        2 => new List<object?> { null },
        3 => new Dictionary<string, object?>(),
        4 => (long)-1,
        5 => 1e308,
        6 => true,
        _ => new List<object?>(),
    };

    private static string TypeOf(JsonElement schema, RequestChoices choices)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : "";
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString()!;
        }

        var types = type.EnumerateArray().Select(t => t.GetString()!).ToList();
        var nonNull = types.Where(t => t != "null").ToList();
        return nonNull.Count > 0 && !choices.Percent(10) ? choices.OneOf(nonNull) : choices.OneOf(types);
    }

    private static bool IsNullSchema(JsonElement schema) =>
        schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null";

    private JsonElement Resolve(JsonElement schema)
    {
        for (var i = 0; i < 10 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); i++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (!schemas.TryGetProperty(name, out schema))
            {
                return default;
            }
        }

        return schema;
    }

    /// <summary>JSON text written by hand, so that unpaired surrogates and control characters can be sent escaped.</summary>
    internal static string Json(object? value)
    {
        var json = new StringBuilder();
        Write(json, value);
        return json.ToString();
    }

    private static void Write(StringBuilder json, object? value)
    {
        switch (value)
        {
            case null:
                json.Append("null");
                break;
            case bool flag:
                json.Append(flag ? "true" : "false");
                break;
            case long number:
                json.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                json.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case string text:
                json.Append('"');
                foreach (var c in text)
                {
                    json.Append(c is '"' or '\\' ? $"\\{c}" : c < 0x20 || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString());
                }

                json.Append('"');
                break;
            case Dictionary<string, object?> properties:
                json.Append('{');
                var first = true;
                foreach (var (name, property) in properties)
                {
                    json.Append(first ? "" : ",");
                    first = false;
                    Write(json, name);
                    json.Append(':');
                    Write(json, property);
                }

                json.Append('}');
                break;
            case List<object?> items:
                json.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    json.Append(i == 0 ? "" : ",");
                    Write(json, items[i]);
                }

                json.Append(']');
                break;
        }
    }

    internal sealed record Operation(string Id, string Method, string Path, IReadOnlyList<JsonElement> Parameters, JsonElement? Body);
}
