using System.Text.RegularExpressions;
using PlanServices.Pillars.Domain;

namespace PlanServices.Testing;

/// <summary>
/// The narrative of the three April 2026 papers as published, read from the seed pack at test time (the prose is not
/// copied into the repository): each objective's bullets, as Markdown bullets, by pillar and objective id. Tables,
/// their captions and date notes, the cover block and lines broken across pages are handled as the pack lays them out.
/// </summary>
public static class SeedNarrative
{
    public static string PackText => File.ReadAllText(Path.Combine(Repo.Root, "..", "shared", "seeds", "pam-2026-04-21-pack.txt"));

    private static readonly (string Host, string Heading)[] Papers =
    [
        ("PreventingCrime", "PREVENTING CRIME OBJECTIVES"), ("CohesiveCommunities", "COHESIVE COMMUNITIES – OBJECTIVES"),
        ("ReducingHarm", "REDUCING HARM – OBJECTIVES"),
    ];

    /// <summary>Objective id → Markdown of its bullets, for the pillar whose host is <paramref name="host"/>.</summary>
    public static IReadOnlyDictionary<string, string> Objectives(string host)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        var text = PackText;
        var index = Array.FindIndex(Papers, p => p.Host == host);
        var start = text.IndexOf(Papers[index].Heading, StringComparison.Ordinal);
        var end = index + 1 < Papers.Length ? text.IndexOf(Papers[index + 1].Heading, StringComparison.Ordinal) : text.Length;
        var paper = text[start..end];

        var narratives = new Dictionary<string, List<string>>();
        string? objective = null;
        var inBullet = false;
        foreach (var raw in paper.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (catalogue.Objectives.FirstOrDefault(o => line.StartsWith(o.Title + " –", StringComparison.Ordinal)) is { } next)
            {
                objective = next.Id;
                narratives[objective] = [];
                inBullet = false;
                continue;
            }
            if (objective is null || line.Length == 0) continue;
            if (line.Contains('\t') || Regex.IsMatch(line, @"^(?:Table \d|The date range|END\.|Out of Court Resolutions refers|Stalking and Harassment figures relate)"))
            {
                inBullet = false;
                continue;
            }
            var bullet = Regex.Match(line, @"^\s*-\s+(?:o\s+)?(.*)$");
            if (bullet.Success)
            {
                narratives[objective].Add((line.StartsWith(' ') ? "  - " : "- ") + bullet.Groups[1].Value.Trim());
                inBullet = true;
            }
            else if (inBullet && !Regex.IsMatch(line, @"^[A-Z][^.]*:$") && char.IsLower(line.TrimStart()[0]))
                narratives[objective][^1] += " " + line.Trim();
            else
            {
                narratives[objective].Add(line.Trim());
                inBullet = false;
            }
        }
        return narratives.ToDictionary(n => n.Key, n => string.Join('\n', n.Value.Select(l => l.StartsWith('-') || l.StartsWith("  -") ? l : l + "\n")));
    }
}
