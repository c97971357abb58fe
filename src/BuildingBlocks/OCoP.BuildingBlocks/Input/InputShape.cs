using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation.Results;

namespace OCoP.BuildingBlocks.Input;

/// <summary>
/// Checks the shape of every request before its validators run (docs/adr/0024-text-policy.md), once for every module:
/// text obeys <see cref="TextPolicy"/> wherever it is in the request, an object or list declared non-nullable is present,
/// and no list holds a null item unless its items are declared nullable. Validators can then assume the declared shape
/// (<c>Checklist.Count</c>, <c>item.Text</c>) instead of each guarding against null, and a <c>{}</c> or <c>[null]</c>
/// is a 400 naming the field, never a 500.
/// </summary>
public static class InputShape
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<Member>> Members = new();

    public static IReadOnlyList<ValidationFailure> Check(object request)
    {
        var failures = new List<ValidationFailure>();
        Walk(request, "", 0, failures);
        return failures;
    }

    private static void Walk(object? value, string path, int depth, List<ValidationFailure> failures)
    {
        if (value is null || depth > MaxDepth)
        {
            return;
        }

        if (value is string text)
        {
            if (TextPolicy.FirstForbidden(text) is { } forbidden)
            {
                failures.Add(new ValidationFailure(path, TextPolicy.Message(forbidden)));
            }

            return;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                Walk(key, Join(path, key), depth + 1, failures);
                Walk(entry.Value, Join(path, key), depth + 1, failures);
            }

            return;
        }

        var type = value.GetType();
        if (value is IEnumerable items && IsInputType(type))
        {
            if (ItemType(type) is { IsValueType: true })
            {
                return; // numbers, ids, bytes: nothing of text or null to find
            }

            var index = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{index}]", depth + 1, failures);
                index++;
            }

            return;
        }

        if (!IsOwnType(type))
        {
            return;
        }

        foreach (var member in Members.GetOrAdd(type, Describe))
        {
            var memberValue = member.Property.GetValue(value);
            var memberPath = Join(path, member.Name);
            if (memberValue is null)
            {
                if (member.Required)
                {
                    failures.Add(new ValidationFailure(memberPath, $"{member.Name} is required."));
                }

                continue;
            }

            if (member.ItemsRequired && memberValue is IEnumerable list and not string and not IDictionary && ItemType(memberValue.GetType()) is not { IsValueType: true })
            {
                var index = 0;
                foreach (var item in list)
                {
                    if (item is null)
                    {
                        failures.Add(new ValidationFailure($"{memberPath}[{index}]", "This item must not be null."));
                    }

                    index++;
                }
            }

            Walk(memberValue, memberPath, depth + 1, failures);
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>Requests and the records they hold are declared in the platform's own assemblies.</summary>
    private static bool IsOwnType(Type type) =>
        type.Assembly.GetName().Name?.StartsWith("OCoP.", StringComparison.Ordinal) == true && !type.IsEnum;

    /// <summary>
    /// Lists, arrays and sets of input (collection expressions compile to types without a namespace); not streams, files or
    /// other framework objects that happen to be enumerable.
    /// </summary>
    private static bool IsInputType(Type type) =>
        type.IsArray || type.Namespace is null || type.Namespace.StartsWith("System.Collections", StringComparison.Ordinal) || IsOwnType(type);

    private static Type? ItemType(Type collection) =>
        collection.IsArray ? collection.GetElementType() : collection.IsGenericType && collection.GetGenericArguments().Length == 1 ? collection.GetGenericArguments()[0] : null;

    private static IReadOnlyList<Member> Describe(Type type)
    {
        var nullability = new NullabilityInfoContext();
        var members = new List<Member>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null || property.Name == "EqualityContract")
            {
                continue;
            }

            var info = nullability.Create(property);
            var propertyType = property.PropertyType;
            // Set by the server from the route or the caller, never by the client: only its text is checked.
            var serverSet = property.GetCustomAttribute<JsonIgnoreAttribute>() is not null;
            var isText = propertyType == typeof(string);
            // Text may be absent: its validators say what a missing text means. Objects and lists declared non-nullable
            // may not, since every validator and handler dereferences them.
            var required = !serverSet && !isText && !propertyType.IsValueType && info.ReadState == NullabilityState.NotNull;
            var itemsRequired = ItemState(info) == NullabilityState.NotNull;
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            members.Add(new Member(property, name, required, itemsRequired));
        }

        return members;
    }

    private static NullabilityState ItemState(NullabilityInfo info)
    {
        if (info.ElementType is { } element)
        {
            return element.ReadState;
        }

        return info.Type.IsGenericType && info.GenericTypeArguments.Length == 1 && typeof(IEnumerable).IsAssignableFrom(info.Type) &&
               !info.GenericTypeArguments[0].Type.IsValueType
            ? info.GenericTypeArguments[0].ReadState
            : NullabilityState.Unknown;
    }

    private sealed record Member(PropertyInfo Property, string Name, bool Required, bool ItemsRequired);
}
