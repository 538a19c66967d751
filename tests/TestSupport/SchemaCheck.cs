using System.Text.Json;

namespace PlanServices.Testing;

/// <summary>
/// Checks a JSON document against the parts of JSON Schema that docs/pack.schema.json uses: type,
/// required, properties, items, enum and local $ref. Returns every violation with its JSON path.
/// </summary>
public static class SchemaCheck
{
    public static List<string> Violations(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, schema, value, "$", errors);
        return errors;
    }

    private static void Check(JsonElement root, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/')) target = target.GetProperty(part);
            Check(root, target, value, path, errors);
            return;
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!allowed.Any(t => Is(t, value))) { errors.Add($"{path}: expected {string.Join(" or ", allowed)}, found {value.ValueKind}"); return; }
        }
        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.ToString() == value.ToString() && v.ValueKind == value.ValueKind))
            errors.Add($"{path}: '{value}' is not one of the enum values");
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{path}: missing required '{name}'");
            if (schema.TryGetProperty("properties", out var properties))
                foreach (var property in value.EnumerateObject())
                    if (properties.TryGetProperty(property.Name, out var sub)) Check(root, sub, property.Value, $"{path}.{property.Name}", errors);
                    else errors.Add($"{path}: '{property.Name}' is not in the schema");
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Check(root, items, item, $"{path}[{i++}]", errors);
        }
    }

    private static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };
}
