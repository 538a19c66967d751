using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PlanServices.Pillars.Records;

/// <summary>
/// The Home Office Counting Rules as the force applies them (counting-rules.yaml, built into the service): each offence
/// code's crime group, the outcome types, and the named outcome sets, "solved" among them. One instance for the suite.
/// </summary>
public sealed class CountingRules
{
    public sealed record Offence(string Code, string Name, string Group);

    public IReadOnlyDictionary<string, Offence> Offences { get; }
    public IReadOnlySet<string> Outcomes { get; }
    public IReadOnlyDictionary<string, IReadOnlySet<string>> OutcomeSets { get; }
    public IReadOnlySet<string> Groups { get; }

    private CountingRules(Document document)
    {
        Offences = document.Offences.ToDictionary(o => o.Code!, o => new Offence(o.Code!, o.Name!, o.Group!), StringComparer.OrdinalIgnoreCase);
        Outcomes = document.Outcomes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        OutcomeSets = document.OutcomeSets.ToDictionary(s => s.Key, s => (IReadOnlySet<string>)s.Value.ToHashSet(StringComparer.OrdinalIgnoreCase));
        Groups = Offences.Values.Select(o => o.Group).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, set) in OutcomeSets)
            if (set.FirstOrDefault(o => !Outcomes.Contains(o)) is { } unknown)
                throw new InvalidOperationException($"counting-rules.yaml: outcome set '{name}' names '{unknown}', which is not an outcome type");
    }

    /// <summary>The rules built into the service.</summary>
    public static CountingRules Default { get; } = Load();

    /// <summary>The offence codes of the crime groups named.</summary>
    public IReadOnlySet<string> CodesOf(IEnumerable<string> groups)
    {
        var wanted = groups.ToHashSet(StringComparer.Ordinal);
        return Offences.Values.Where(o => wanted.Contains(o.Group)).Select(o => o.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>An outcome type as the rules write it ("2a" is "2A"), or null when it is none.</summary>
    public string? Outcome(string text) => Outcomes.FirstOrDefault(o => string.Equals(o, text.Trim(), StringComparison.OrdinalIgnoreCase));

    private static CountingRules Load()
    {
        using var stream = typeof(CountingRules).Assembly.GetManifestResourceStream("counting-rules.yaml")!;
        using var reader = new StreamReader(stream);
        var document = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<Document>(reader);
        return new CountingRules(document);
    }

    private sealed class Document
    {
        public List<OffenceDocument> Offences { get; set; } = [];
        public List<string> Outcomes { get; set; } = [];
        public Dictionary<string, List<string>> OutcomeSets { get; set; } = [];
    }

    private sealed class OffenceDocument
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Group { get; set; }
    }
}
