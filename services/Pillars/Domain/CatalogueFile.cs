using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PlanServices.Pillars.Domain;

/// <summary>
/// Reads and checks a pillar's catalogue file (YAML; format in docs/catalogue.md).
/// Every problem is reported with where it is and which rule it breaks.
/// </summary>
public static class CatalogueFile
{
    public static Catalogue Load(string path) => Parse(File.ReadAllText(path), path);

    public static Catalogue Parse(string yaml, string source = "catalogue")
    {
        CatalogueDocument document;
        try
        {
            document = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build()
                .Deserialize<CatalogueDocument>(yaml) ?? new CatalogueDocument();
        }
        catch (YamlException e)
        {
            throw new CatalogueException(source, [$"line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}"]);
        }

        var errors = new List<string>();
        return Map(document, errors) ?? throw new CatalogueException(source, errors);
    }

    private static Catalogue? Map(CatalogueDocument doc, List<string> errors)
    {
        Require(doc.Pillar, "pillar", errors);
        Require(doc.Title, "title", errors);

        var objectives = doc.Objectives.Select((o, i) =>
        {
            Require(o.Id, $"objectives[{i}].id", errors);
            Require(o.Title, $"objectives[{i}].title", errors);
            return new Objective(o.Id ?? "", o.Title ?? "", o.Description?.Trim() ?? "");
        }).ToList();
        Unique(objectives.Select(o => o.Id), "objective", errors);

        var indicators = doc.Indicators.Select((d, i) => MapIndicator(d, $"indicators[{i}]", errors)).ToList();
        Unique(indicators.Select(x => x.Id), "indicator", errors);
        var known = indicators.DistinctBy(x => x.Id).ToDictionary(x => x.Id, StringComparer.Ordinal);
        foreach (var indicator in indicators)
        {
            foreach (var part in new[] { indicator.Numerator, indicator.Denominator }.Concat(indicator.SumOf))
                if (part is not null && !known.ContainsKey(part))
                    errors.Add($"indicator '{indicator.Id}': refers to unknown indicator '{part}'");
            foreach (var part in indicator.SumOf)
                if (known.TryGetValue(part, out var p) && p.Unit != indicator.Unit)
                    errors.Add($"indicator '{indicator.Id}': sums '{part}' of a different unit ({p.Unit})");
        }

        foreach (var cycle in indicators.Where(i => InCycle(i.Id, known, [])))
            errors.Add($"indicator '{cycle.Id}': is defined in terms of itself");

        var objectiveIds = objectives.Select(o => o.Id).ToHashSet();
        var tables = doc.Tables.Select((t, i) => MapTable(t, $"tables[{i}]", objectiveIds, known, errors)).ToList();
        Unique(tables.Select(t => t.Id), "table", errors);

        return errors.Count == 0 ? new Catalogue(doc.Pillar!, doc.Title!, objectives, indicators, tables) : null;
    }

    private static Indicator MapIndicator(IndicatorDocument d, string at, List<string> errors)
    {
        Require(d.Id, $"{at}.id", errors);
        Require(d.Name, $"{at}.name", errors);
        at = d.Id is null ? at : $"indicator '{d.Id}'";
        var unit = ParseEnum<Unit>(d.Unit, $"{at}.unit", errors) ?? Unit.Count;
        var ratio = d.Numerator is not null || d.Denominator is not null;
        if (ratio && (d.Numerator is null || d.Denominator is null))
            errors.Add($"{at}: a ratio needs both numerator and denominator");
        if (unit is Unit.Rate or Unit.Mean or Unit.Duration && !ratio)
            errors.Add($"{at}: a {unit.ToString().ToLowerInvariant()} is numerator / denominator; give both");
        if (unit == Unit.Count && ratio)
            errors.Add($"{at}: a count is stored or summed, not a ratio");
        if (ratio && d.SumOf.Count > 0)
            errors.Add($"{at}: give either numerator/denominator or sumOf, not both");

        Comparison? comparison = d.Comparison is null ? null : ParseEnum<Comparison>(d.Comparison, $"{at}.comparison", errors);
        comparison ??= unit switch
        {
            Unit.Count => Comparison.Percent,
            Unit.Rate => Comparison.PercentagePoints,
            _ => null,
        };
        if (comparison is null)
            errors.Add($"{at}: a {unit.ToString().ToLowerInvariant()} must state its comparison (percent or absolute)");
        if (unit == Unit.Rate && comparison != Comparison.PercentagePoints)
            errors.Add($"{at}: a rate compares in percentage points");
        if (unit != Unit.Rate && comparison == Comparison.PercentagePoints)
            errors.Add($"{at}: only a rate compares in percentage points");

        var decimals = d.Decimals ?? unit switch { Unit.Rate => 1, Unit.Mean => 2, _ => 0 };
        Target? target = d.Target is null ? null : new Target(d.Target.AtLeast, d.Target.AtMost, d.Target.Source ?? "");
        if (d.Target is { AtLeast: null, AtMost: null })
            errors.Add($"{at}.target: give atLeast or atMost");

        return new Indicator(d.Id ?? "", d.Name ?? "", unit, comparison ?? Comparison.Absolute, decimals,
            d.Numerator, d.Denominator, d.SumOf, target);
    }

    private static bool InCycle(string id, Dictionary<string, Indicator> known, HashSet<string> path)
    {
        if (!known.TryGetValue(id, out var indicator)) return false;
        if (!path.Add(id)) return true;
        var parts = indicator.SumOf.Concat(new[] { indicator.Numerator, indicator.Denominator }.OfType<string>());
        var cyclic = parts.Any(p => InCycle(p, known, path));
        path.Remove(id);
        return cyclic;
    }

    private static TableSpec MapTable(TableDocument t, string at, HashSet<string> objectives,
        Dictionary<string, Indicator> indicators, List<string> errors)
    {
        Require(t.Id, $"{at}.id", errors);
        Require(t.Caption, $"{at}.caption", errors);
        at = t.Id is null ? at : $"table '{t.Id}'";
        if (t.Objective is null || !objectives.Contains(t.Objective))
            errors.Add($"{at}: objective '{t.Objective}' is not in the catalogue");
        var layout = ParseEnum<TableLayout>(t.Layout, $"{at}.layout", errors) ?? TableLayout.Comparison;

        void Known(string? id, string where)
        {
            if (id is null || !indicators.ContainsKey(id)) errors.Add($"{at}.{where}: unknown indicator '{id}'");
        }
        var rows = t.Rows.Select((r, i) =>
        {
            Known(r.Indicator, $"rows[{i}]");
            return new TableRowSpec(r.Group, r.Label ?? indicators.GetValueOrDefault(r.Indicator ?? "")?.Name ?? "", r.Indicator ?? "");
        }).ToList();
        var columns = t.Columns.Select((c, i) =>
        {
            Known(c.Indicator, $"columns[{i}]");
            return new TableColumnSpec(c.Label ?? indicators.GetValueOrDefault(c.Indicator ?? "")?.Name ?? "", c.Indicator ?? "");
        }).ToList();

        switch (layout)
        {
            case TableLayout.Comparison or TableLayout.Difference when rows.Count == 0:
                errors.Add($"{at}: a {layout} table needs rows"); break;
            case TableLayout.MonthlySeries:
                Known(t.Indicator, "indicator"); break;
            case TableLayout.MonthlyMeasures when columns.Count == 0:
                errors.Add($"{at}: a monthly-measures table needs columns"); break;
        }
        return new TableSpec(t.Id ?? "", t.Objective ?? "", layout, t.Caption?.Trim() ?? "", rows, columns, t.Indicator,
            t.Note?.Trim(), t.GroupHeading ?? "Crime");
    }

    private static T? ParseEnum<T>(string? text, string at, List<string> errors) where T : struct, Enum
    {
        var name = text?.Replace("-", "", StringComparison.Ordinal);
        if (Enum.TryParse<T>(name, ignoreCase: true, out var value)) return value;
        var allowed = string.Join(", ", Enum.GetNames<T>().Select(Kebab));
        errors.Add($"{at}: '{text}' is not one of {allowed}");
        return null;
    }

    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static void Require(string? value, string at, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add($"{at}: required");
    }

    private static void Unique(IEnumerable<string> ids, string what, List<string> errors)
    {
        foreach (var id in ids.GroupBy(x => x).Where(g => g.Count() > 1 && g.Key != ""))
            errors.Add($"{what} '{id.Key}' is defined {id.Count()} times");
    }

    private sealed class CatalogueDocument
    {
        public string? Pillar { get; set; }
        public string? Title { get; set; }
        public List<ObjectiveDocument> Objectives { get; set; } = [];
        public List<IndicatorDocument> Indicators { get; set; } = [];
        public List<TableDocument> Tables { get; set; } = [];
    }

    private sealed class ObjectiveDocument
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
    }

    private sealed class IndicatorDocument
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? Unit { get; set; }
        public string? Comparison { get; set; }
        public int? Decimals { get; set; }
        public string? Numerator { get; set; }
        public string? Denominator { get; set; }
        public List<string> SumOf { get; set; } = [];
        public TargetDocument? Target { get; set; }
    }

    private sealed class TargetDocument
    {
        public decimal? AtLeast { get; set; }
        public decimal? AtMost { get; set; }
        public string? Source { get; set; }
    }

    private sealed class TableDocument
    {
        public string? Id { get; set; }
        public string? Objective { get; set; }
        public string? Layout { get; set; }
        public string? Caption { get; set; }
        public string? Indicator { get; set; }
        public string? Note { get; set; }
        public string? GroupHeading { get; set; }
        public List<RowDocument> Rows { get; set; } = [];
        public List<RowDocument> Columns { get; set; } = [];
    }

    private sealed class RowDocument
    {
        public string? Group { get; set; }
        public string? Label { get; set; }
        public string? Indicator { get; set; }
    }
}

public sealed class CatalogueException(string source, IReadOnlyList<string> errors)
    : Exception($"{source} is not a valid catalogue:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
