using PlanServices.Pillars.Records;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PlanServices.Pillars.Domain;

/// <summary>
/// Reads and checks a pillar's catalogue file (YAML; format in docs/catalogue.md).
/// Every problem is reported with where it is and which rule it breaks.
/// </summary>
public static class CatalogueFile
{
    /// <summary>Reads the catalogue file of the pillar <paramref name="pillar"/> (any pillar when null).</summary>
    public static Catalogue Load(string path, string? pillar = null)
    {
        if (!File.Exists(path)) throw new CatalogueException(path, ["the file does not exist (Pillar:Catalogue names it, relative to the host's folder)"]);
        var catalogue = Parse(File.ReadAllText(path), path);
        return pillar is null || catalogue.Pillar == pillar ? catalogue
            : throw new CatalogueException(path, [$"pillar: '{catalogue.Pillar}' is not this service's pillar '{pillar}' (Pillar:Name)"]);
    }

    public static Catalogue Parse(string yaml, string source = "catalogue")
    {
        var errors = new List<string>();
        CatalogueDocument document;
        try
        {
            var stream = new YamlStream();
            yaml = yaml.TrimStart('\uFEFF'); // a byte-order mark read as text is no part of the YAML
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0) CheckShape(stream.Documents[0].RootNode, typeof(CatalogueDocument), "", errors);
            if (errors.Count > 0) throw new CatalogueException(source, errors);
            document = new DeserializerBuilder()
                .WithNamingConvention(Naming)
                .Build()
                .Deserialize<CatalogueDocument>(yaml) ?? new CatalogueDocument();
        }
        catch (YamlException e)
        {
            var problem = e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal) ? $"'{e.Message[14..]}' is given twice" : e.InnerException?.Message ?? e.Message;
            throw new CatalogueException(source, [$"line {e.Start.Line}: {problem}"]);
        }
        return Map(document, errors) ?? throw new CatalogueException(source, errors);
    }

    private static readonly INamingConvention Naming = CamelCaseNamingConvention.Instance;

    /// <summary>
    /// Checks the file's shape against the document classes below, whose properties are its fields, before it is read:
    /// an unknown field, a value of the wrong kind or fields where a list belongs is reported with its line and its place
    /// in the catalogue's own words (<c>table 'budget'.rows[1].outturn</c>), never a type of the program.
    /// </summary>
    private static void CheckShape(YamlNode node, Type type, string at, List<string> errors)
    {
        var where = $"line {node.Start.Line}: {(at == "" ? "the catalogue" : at)}";
        var item = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (node is YamlScalarNode { Value: null or "" or "~" or "null" or "Null" or "NULL", Style: ScalarStyle.Plain })
        {
            if (item is not null || type == typeof(bool)) errors.Add($"{where}: is empty: give {Expected(type)}, or leave the field out");
        }
        else if (type == typeof(object)) { }
        else if (item is not null)
        {
            if (node is not YamlSequenceNode list) { errors.Add($"{where}: expected a list (an item per line starting '- ', or [a, b]), found {Found(node)}"); return; }
            for (var i = 0; i < list.Children.Count; i++)
                CheckShape(list.Children[i], item, Item(at, i, list.Children[i]), errors);
        }
        else if (scalar == typeof(string) || scalar.IsPrimitive || scalar == typeof(decimal))
        {
            var value = (node as YamlScalarNode)?.Value ?? "";
            var fits = node is YamlScalarNode && (scalar == typeof(string)
                || scalar == typeof(int) && int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                || scalar == typeof(decimal) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                || scalar == typeof(bool) && bool.TryParse(value, out _));
            if (!fits) errors.Add($"{where}: expected {Expected(type)}, found {Found(node)}");
        }
        else if (node is not YamlMappingNode fields)
            errors.Add($"{where}: expected fields ({Fields(type)}), found {Found(node)}");
        else
        {
            var properties = type.GetProperties().ToDictionary(p => Naming.Apply(p.Name), StringComparer.Ordinal);
            foreach (var (key, value) in fields.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (properties.TryGetValue(name, out var property))
                    CheckShape(value, property.PropertyType, at == "" ? name : $"{at}.{name}", errors);
                else
                    errors.Add($"line {key.Start.Line}: {(at == "" ? "the catalogue" : at)}: unknown field '{name}' (the fields here are {Fields(type)})");
            }
        }
    }

    /// <summary>An item of a list: by its id when it has one ("indicator 'calls.total'"), else by its place ("table 'b'.rows[1]").</summary>
    private static string Item(string list, int index, YamlNode node) =>
        !list.Contains('.') && node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id is YamlScalarNode { Value: { Length: > 0 } name }
            ? $"{list.TrimEnd('s')} '{name}'"
            : $"{list}[{index}]";

    private static string Fields(Type type) => string.Join(", ", type.GetProperties().Select(p => Naming.Apply(p.Name)));

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(decimal) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(string) => "a single value",
        var t when t.IsGenericType => "a list",
        _ => "fields",
    };

    private static string Found(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "fields (name: value)",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an alias",
    };

    private static Catalogue? Map(CatalogueDocument doc, List<string> errors)
    {
        Require(doc.Pillar, "pillar", errors);
        Require(doc.Title, "title", errors);

        var objectives = doc.Objectives.Select((o, i) =>
        {
            Require(o.Id, $"objectives[{i}].id", errors);
            Require(o.Title, $"objectives[{i}].title", errors);
            return new Objective(o.Id ?? "", o.Title ?? "", o.Description?.Trim() ?? "") { Quotes = o.Quotes };
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
            if (indicator is { Numerator: { } numerator, Denominator: { } denominator } && known.GetValueOrDefault(numerator) is { } n && known.GetValueOrDefault(denominator) is { } d
                && !(n.IsAdditive && d.IsAdditive || n.Unit == Unit.Stock && d.Unit == Unit.Stock))
                errors.Add($"indicator '{indicator.Id}': divides '{n.Id}' ({Kebab(n.Unit.ToString())}) by '{d.Id}' ({Kebab(d.Unit.ToString())}); a ratio divides counts or money, or two stocks");
        }

        foreach (var cycle in indicators.Where(i => InCycle(i.Id, known, [])))
            errors.Add($"indicator '{cycle.Id}': is defined in terms of itself");

        foreach (var (objective, i) in objectives.Select((o, i) => (o, i)))
            foreach (var quoted in objective.Quotes.Where(q => !known.ContainsKey(q)))
                errors.Add($"objectives[{i}].quotes: '{quoted}' is not an indicator of the catalogue");
        var objectiveIds = objectives.Select(o => o.Id).ToHashSet();
        var tables = doc.Tables.Select((t, i) => MapTable(t, $"tables[{i}]", objectiveIds, known, errors)).ToList();
        Unique(tables.Select(t => t.Id), "table", errors);

        var charts = doc.Charts.Select((c, i) => MapChart(c, $"charts[{i}]", objectiveIds, known, errors)).ToList();
        Unique(charts.Select(c => c.Id), "chart", errors);

        return errors.Count == 0 ? new Catalogue(doc.Pillar!, doc.Title!, objectives, indicators, tables) { Charts = charts } : null;
    }

    private static Indicator MapIndicator(IndicatorDocument d, string at, List<string> errors)
    {
        Require(d.Id, $"{at}.id", errors);
        Require(d.Name, $"{at}.name", errors);
        at = d.Id is null ? at : $"indicator '{d.Id}'";
        var unit = ParseEnum<Unit>(d.Unit, $"{at}.unit", errors) ?? Unit.Count;
        var name = Kebab(unit.ToString());
        var ratio = d.Numerator is not null || d.Denominator is not null;
        if (ratio && (d.Numerator is null || d.Denominator is null))
            errors.Add($"{at}: a ratio needs both numerator and denominator");
        if (unit is Unit.Count or Unit.Money or Unit.Stock or Unit.Median && ratio)
            errors.Add($"{at}: a {name} is {(unit == Unit.Median ? "reported for its window" : "stored or summed")}, not a ratio");
        if (ratio && d.SumOf.Count > 0)
            errors.Add($"{at}: give either numerator/denominator or sumOf, not both");
        if (d.SumOf.Count > 0 && unit is not (Unit.Count or Unit.Money))
            errors.Add($"{at}: sumOf adds counts or money; a {name} is never summed");

        Comparison? comparison = d.Comparison is null ? null : ParseEnum<Comparison>(d.Comparison, $"{at}.comparison", errors);
        comparison ??= unit switch
        {
            Unit.Count or Unit.Money or Unit.Stock => Comparison.Percent,
            Unit.Rate => Comparison.PercentagePoints,
            _ => null,
        };
        if (comparison is null)
            errors.Add($"{at}: a {name} must state its comparison (percent or absolute)");
        if (unit == Unit.Rate && comparison != Comparison.PercentagePoints)
            errors.Add($"{at}: a rate compares in percentage points");
        if (unit != Unit.Rate && comparison == Comparison.PercentagePoints)
            errors.Add($"{at}: only a rate compares in percentage points");

        var decimals = d.Decimals ?? unit switch { Unit.Rate or Unit.Stock or Unit.Median => 1, Unit.Mean => 2, _ => 0 };
        if (decimals is < 0 or > 6) errors.Add($"{at}.decimals: {decimals} is not between 0 and 6");
        if (d.ChangeDecimals is < 0 or > 6) errors.Add($"{at}.changeDecimals: {d.ChangeDecimals} is not between 0 and 6");
        if (unit == Unit.Count && decimals != 0) errors.Add($"{at}.decimals: a count is a whole number; use a mean or a stock for fractions");

        var clock = unit == Unit.Duration;
        if (d.Format is not null)
        {
            if (d.Format is not ("clock" or "number")) errors.Add($"{at}.format: '{d.Format}' is not one of clock, number");
            else if (unit is not (Unit.Mean or Unit.Median or Unit.Duration)) errors.Add($"{at}.format: only a mean, median or duration (seconds) prints as a clock");
            else clock = d.Format == "clock";
        }
        if (d.Stock is not null && unit != Unit.Stock) errors.Add($"{at}.stock: only a stock says how its window value is taken");
        var stock = d.Stock is null ? StockValue.End : ParseEnum<StockValue>(d.Stock, $"{at}.stock", errors) ?? StockValue.End;
        if (d.MayExceed100 && unit != Unit.Rate) errors.Add($"{at}.mayExceed100: only a rate can exceed 100%");
        var improvement = d.Improvement is null ? Improvement.Neither : ParseEnum<Improvement>(d.Improvement, $"{at}.improvement", errors) ?? Improvement.Neither;

        Target? target = d.Target is null ? null : new Target(d.Target.AtLeast, d.Target.AtMost, d.Target.Source ?? "");
        if (d.Target is { AtLeast: null, AtMost: null })
            errors.Add($"{at}.target: give atLeast or atMost");

        var indicator = new Indicator(d.Id ?? "", d.Name ?? "", unit, comparison ?? Comparison.Absolute, decimals,
            d.Numerator, d.Denominator, d.SumOf, target)
        {
            Clock = clock, Stock = stock, MayExceedWhole = d.MayExceed100, Improvement = improvement, Synonyms = d.Synonyms,
        };
        if (d.Measure is not null)
        {
            if (ratio || d.SumOf.Count > 0 || unit != Unit.Count)
                errors.Add($"{at}.measure: a measure counts or sums records, so its indicator is a count with no numerator, denominator or sumOf");
            indicator = indicator with { Measure = MapMeasure(d.Measure, $"{at}.measure", errors) };
        }
        return d.ChangeDecimals is { } change ? indicator with { ChangeDecimals = change } : indicator;
    }

    /// <summary>A measure over records, checked against the counting rules (its groups, flags and outcome sets exist).</summary>
    private static Measure? MapMeasure(MeasureDocument m, string at, List<string> errors)
    {
        var rules = CountingRules.Default;
        var kind = ParseEnum<RecordKind>(m.Records, $"{at}.records", errors);
        if (kind is not { } records) return null;
        var crimes = records == RecordKind.Crimes;
        void Only(bool given, string field, string owner) { if (given) errors.Add($"{at}.{field}: only {owner} records have {field}"); }
        Only(!crimes && (m.Groups.Count + m.Flags.Count + m.AnyFlag.Count + m.Outcomes.Count > 0 || m.Basis is not null), "groups, flags, outcomes and basis", "crime");
        Only(records != RecordKind.Calls && (m.Lines.Count > 0 || m.Answered is not null), "lines and answered", "call");
        Only(records != RecordKind.Incidents && (m.Grades.Count > 0 || m.Attended is not null), "grades and attended", "incident");
        if (crimes && m.Groups.Count + m.Flags.Count + m.AnyFlag.Count == 0)
            errors.Add($"{at}.groups: a crime measure names the crime groups it counts, or the flags by which it counts crimes of every group (docs/records.md)");
        foreach (var group in m.Groups.Where(g => !rules.Groups.Contains(g)))
            errors.Add($"{at}.groups: '{group}' is not a crime group of the counting rules ({string.Join(", ", rules.Groups.Order())})");

        Flags(m.Flags, "flags", out var all);
        Flags(m.AnyFlag, "anyFlag", out var any);
        void Flags(List<string> names, string field, out CrimeFlags flags)
        {
            flags = CrimeFlags.None;
            foreach (var name in names)
                if (RecordNames.Flag(name) is { } flag) flags |= flag;
                else errors.Add($"{at}.{field}: '{name}' is not one of {string.Join(", ", RecordNames.Flags.Values)}");
        }

        HashSet<string>? outcomes = null;
        foreach (var name in m.Outcomes)
        {
            outcomes ??= new(StringComparer.OrdinalIgnoreCase);
            if (rules.OutcomeSets.TryGetValue(name, out var set)) outcomes.UnionWith(set);
            else if (rules.Outcome(name) is { } type) outcomes.Add(type);
            else errors.Add($"{at}.outcomes: '{name}' is neither an outcome set ({string.Join(", ", rules.OutcomeSets.Keys)}) nor an outcome type");
        }
        var basis = m.Basis is null ? outcomes is null ? RecordBasis.Recorded : RecordBasis.Outcome
            : ParseEnum<RecordBasis>(m.Basis, $"{at}.basis", errors) ?? RecordBasis.Recorded;
        if (basis == RecordBasis.Outcome && outcomes is null)
            errors.Add($"{at}.basis: counting by outcome month needs outcomes (an outcome set or types)");
        if (basis == RecordBasis.Recorded && outcomes is not null)
            errors.Add($"{at}.basis: crimes with an outcome are counted in the month of the outcome; leave basis out, or give it as outcome");

        foreach (var line in m.Lines.Where(l => !RecordNames.CallLines.Contains(l)))
            errors.Add($"{at}.lines: '{line}' is not one of {string.Join(", ", RecordNames.CallLines)}");
        foreach (var grade in m.Grades.Where(g => !RecordNames.IncidentGrades.Contains(g)))
            errors.Add($"{at}.grades: '{grade}' is not one of {string.Join(", ", RecordNames.IncidentGrades)}");
        var valueName = records == RecordKind.Calls ? "answered-after-seconds" : "attended-after-minutes";
        if (m.Sum is not null && (crimes || m.Sum != valueName))
            errors.Add($"{at}.sum: {(crimes ? "crime measures count; they have nothing to sum" : $"the only field to sum is {valueName}")}");

        IReadOnlySet<string> codes = crimes ? rules.CodesOf(m.Groups)
            : (records == RecordKind.Calls ? m.Lines : m.Grades).ToHashSet(StringComparer.Ordinal);
        var valued = m.Answered ?? m.Attended ?? (m.Sum is null ? null : true);
        return new Measure(records, basis, m.Groups, codes, all, any, outcomes, valued, m.Sum is not null);
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

        Indicator? Known(string? id, string where, string missing = "indicator is missing: name the indicator it shows")
        {
            if (id is not null && indicators.TryGetValue(id, out var found)) return found;
            errors.Add(id is null ? $"{at}.{where}: {missing}" : $"{at}.{where}: unknown indicator '{id}'");
            return null;
        }
        const string budgetRow = "a budget row names its budget (indicator) and its outturn (outturn), money indicators both";
        var budget = layout == TableLayout.Budget;
        var counted = 0;
        var rows = t.Rows.Select((r, i) =>
        {
            var row = $"rows[{i}]" + (r.Label ?? r.Subtotal) switch { { } label => $" ('{label}')", _ => "" };
            if (r.Subtotal is not null)
            {
                if (!budget) errors.Add($"{at}.{row}.subtotal: only a budget table has subtotals");
                else if (r is not { Indicator: null, Outturn: null, Label: null, Group: null, InTotal: null })
                    errors.Add($"{at}.{row}: a subtotal row has only its label (subtotal: ...): it sums the rows above it since the previous subtotal");
                else if (counted == 0)
                    errors.Add($"{at}.{row}: the subtotal sums no rows: it adds the rows counted in the total above it, since the previous subtotal");
                counted = 0;
                return new TableRowSpec(null, r.Subtotal, "") { IsSubtotal = true };
            }
            if (r.InTotal is not null && !budget) errors.Add($"{at}.{row}.inTotal: only a budget table leaves rows out of its total");
            if (r.InTotal != false) counted++;
            if (budget)
            {
                var (indicator, outturn) = (Known(r.Indicator, row, $"indicator is missing: {budgetRow}"), Known(r.Outturn, row, $"outturn is missing: {budgetRow}"));
                if (indicator is { Unit: not Unit.Money } || outturn is { Unit: not Unit.Money })
                    errors.Add($"{at}.{row}: a budget row sets a money budget (indicator) against a money outturn");
                return new TableRowSpec(r.Group, r.Label ?? indicator?.Name ?? "", r.Indicator ?? "", r.Outturn) { InTotal = r.InTotal ?? true };
            }
            if (r.Outturn is not null) errors.Add($"{at}.{row}.outturn: only a budget table has an outturn");
            var shown = Known(r.Indicator, row);
            return new TableRowSpec(r.Group, r.Label ?? shown?.Name ?? "", r.Indicator ?? "", r.Outturn);
        }).ToList();
        var columns = t.Columns.Select((c, i) =>
        {
            var indicator = Known(c.Indicator, $"columns[{i}]");
            return new TableColumnSpec(c.Label ?? indicator?.Name ?? "", c.Indicator ?? "");
        }).ToList();

        switch (layout)
        {
            case TableLayout.Comparison or TableLayout.Difference or TableLayout.Snapshot or TableLayout.Budget when rows.Count == 0:
                errors.Add($"{at}: a {Kebab(layout.ToString())} table needs rows"); break;
            case TableLayout.MonthlySeries:
                Known(t.Indicator, "indicator", "missing: a monthly series names its indicator"); break;
            case TableLayout.MonthlyMeasures when columns.Count + rows.Count == 0:
                errors.Add($"{at}: a monthly-measures table needs indicators (columns, or rows when the months run across)"); break;
        }
        if (t.Show.Count > 0 && layout is not (TableLayout.Comparison or TableLayout.Difference))
            errors.Add($"{at}.show: only a comparison table chooses its columns");
        var show = t.Show.Select((item, i) => ShowColumn(item, $"{at}.show[{i}]", errors)).OfType<ComparisonColumn>().ToList();
        if (show.Count == 0) show = DefaultShow(layout);
        if (t.Months is < 1 or > ReportingPeriod.MaxMonths)
            errors.Add($"{at}.months: {t.Months} is not between 1 and {ReportingPeriod.MaxMonths}");
        var orientation = t.Orientation is null ? Orientation.MonthsDown : ParseEnum<Orientation>(t.Orientation, $"{at}.orientation", errors) ?? Orientation.MonthsDown;
        var since = t.Since is null ? Window.Previous12Months : ParseEnum<Window>(t.Since, $"{at}.since", errors) ?? Window.Previous12Months;
        if (since is not (Window.Previous12Months or Window.PreviousPeriod or Window.SamePeriodLastYear))
            errors.Add($"{at}.since: a snapshot compares with the end of previous-12-months, previous-period or same-period-last-year");

        return new TableSpec(t.Id ?? "", t.Objective ?? "", layout, t.Caption?.Trim() ?? "", rows, columns, t.Indicator,
            t.Note?.Trim(), t.GroupHeading ?? "Crime")
        {
            LabelHeading = t.LabelHeading, SummaryLabel = t.SummaryLabel, Show = show, Months = t.Months ?? 12,
            Orientation = orientation, Since = since,
        };
    }

    private static ChartSpec MapChart(ChartDocument c, string at, HashSet<string> objectives, Dictionary<string, Indicator> indicators, List<string> errors)
    {
        Require(c.Id, $"{at}.id", errors);
        at = c.Id is null ? at : $"chart '{c.Id}'";
        if (c.Objective is null || !objectives.Contains(c.Objective))
            errors.Add($"{at}: objective '{c.Objective}' is not in the catalogue");
        var indicator = c.Indicator is not null ? indicators.GetValueOrDefault(c.Indicator) : null;
        if (indicator is null) errors.Add($"{at}.indicator: unknown indicator '{c.Indicator}'");
        var months = c.Months ?? 24;
        if (months is < Xmr.MinimumPoints or > ReportingPeriod.MaxMonths)
            errors.Add($"{at}.months: {months} is not between {Xmr.MinimumPoints} (the fewest points process limits need) and {ReportingPeriod.MaxMonths}");
        var rebases = c.Rebase.Select((r, i) =>
        {
            if (!Month.TryParse(r.From, out var from)) errors.Add($"{at}.rebase[{i}].from: '{r.From}' is not a month (YYYY-MM)");
            if (string.IsNullOrWhiteSpace(r.Reason)) errors.Add($"{at}.rebase[{i}].reason: required (what changed)");
            return new Rebase(from, r.Reason?.Trim() ?? "");
        }).ToList();
        return new ChartSpec(c.Id ?? "", c.Objective ?? "", c.Indicator ?? "", months, c.Title?.Trim() ?? indicator?.Name ?? "", rebases);
    }

    /// <summary>The columns of the pack's comparison (Tables 1, 2, 4, 5, 6, 9) and difference (Table 3) tables.</summary>
    private static List<ComparisonColumn> DefaultShow(TableLayout layout) => layout == TableLayout.Difference
        ? [new(ColumnKind.Value, Window.Last12Months, null), new(ColumnKind.Value, Window.Previous12Months, null), new(ColumnKind.Difference, Window.Previous12Months, null)]
        : [new(ColumnKind.Value, Window.Last12Months, null), new(ColumnKind.Value, Window.Previous12Months, null), new(ColumnKind.Value, Window.LongTermAverage, null),
            new(ColumnKind.Change, Window.Previous12Months, null), new(ColumnKind.Change, Window.LongTermAverage, null)];

    /// <summary>A <c>show</c> item: a column name ("long-term-average", "change-to-previous-12-months"), or <c>{ column, heading }</c>.</summary>
    private static ComparisonColumn? ShowColumn(object? item, string at, List<string> errors)
    {
        var (name, heading) = item switch
        {
            string text => (text, null),
            IDictionary<object, object> map => (map.TryGetValue("column", out var c) ? c as string : null, map.TryGetValue("heading", out var h) ? h as string : null),
            _ => (null, null),
        };
        if (name is not null && ComparisonColumn.Named.TryGetValue(name, out var column)) return column with { Heading = heading };
        errors.Add($"{at}: '{name}' is not a column: give {ComparisonColumn.NamesInWords} (optionally as {{ column: ..., heading: ... }})");
        return null;
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
        string.Concat(pascal.Select((c, i) =>
            i > 0 && (char.IsUpper(c) || char.IsDigit(c) && char.IsLetter(pascal[i - 1])) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

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
        public List<ChartDocument> Charts { get; set; } = [];
    }

    private sealed class ChartDocument
    {
        public string? Id { get; set; }
        public string? Objective { get; set; }
        public string? Indicator { get; set; }
        public string? Title { get; set; }
        public int? Months { get; set; }
        public List<RebaseDocument> Rebase { get; set; } = [];
    }

    private sealed class RebaseDocument
    {
        public string? From { get; set; }
        public string? Reason { get; set; }
    }

    private sealed class ObjectiveDocument
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public List<string> Quotes { get; set; } = [];
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
        public int? ChangeDecimals { get; set; }
        public string? Format { get; set; }
        public string? Stock { get; set; }
        public bool MayExceed100 { get; set; }
        public string? Improvement { get; set; }
        public List<string> Synonyms { get; set; } = [];
        public MeasureDocument? Measure { get; set; }
    }

    private sealed class MeasureDocument
    {
        public string? Records { get; set; }
        public string? Basis { get; set; }
        public List<string> Groups { get; set; } = [];
        public List<string> Flags { get; set; } = [];
        public List<string> AnyFlag { get; set; } = [];
        public List<string> Outcomes { get; set; } = [];
        public List<string> Lines { get; set; } = [];
        public List<string> Grades { get; set; } = [];
        public bool? Answered { get; set; }
        public bool? Attended { get; set; }
        public string? Sum { get; set; }
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
        public string? LabelHeading { get; set; }
        public string? SummaryLabel { get; set; }
        public List<object> Show { get; set; } = [];
        public int? Months { get; set; }
        public string? Orientation { get; set; }
        public string? Since { get; set; }
        public List<RowDocument> Rows { get; set; } = [];
        public List<RowDocument> Columns { get; set; } = [];
    }

    private sealed class RowDocument
    {
        public string? Group { get; set; }
        public string? Label { get; set; }
        public string? Indicator { get; set; }
        public string? Outturn { get; set; }
        public string? Subtotal { get; set; }
        public bool? InTotal { get; set; }
    }
}

public sealed class CatalogueException(string source, IReadOnlyList<string> errors)
    : Exception($"{source} is not a valid catalogue:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
