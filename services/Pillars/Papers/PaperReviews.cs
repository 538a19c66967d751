using PlanServices.Pillars.Claims;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Tables;

namespace PlanServices.Pillars.Papers;

/// <summary>
/// A paper's narratives checked against its period's figures (docs/narrative-claims.md), and the rule that follows: a
/// paper whose narrative differs from its figures is approved only with a reason, which the printed statement quotes.
/// </summary>
public sealed class PaperReviews(PillarDb db, Catalogue catalogue, TablesCache tables, PaperWorkflow papers)
{
    /// <summary>Every objective's narrative filled in and checked; kept with the figures until one changes.</summary>
    public async Task<PaperReview> ReviewAsync(ReportingPeriod period, IReadOnlyDictionary<string, string> narratives, CancellationToken ct)
    {
        var figures = await tables.GetAsync(db, period, ct);
        var key = string.Join('\u0001', narratives.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key + '\u0002' + n.Value));
        return figures.Reviews.GetOrAdd(key, _ => new NarrativeReview(catalogue).Review(narratives, figures.Calculator, period));
    }

    /// <summary>One objective's narrative as an author writes it, before it is saved.</summary>
    public async Task<ObjectiveReview> CheckAsync(ReportingPeriod period, string objective, string markdown, CancellationToken ct)
    {
        if (catalogue.Objectives.All(o => o.Id != objective))
            throw new RefusedException(Refusal.NotFound, "objective", $"'{objective}' is not in the {catalogue.Pillar} catalogue");
        var figures = await tables.GetAsync(db, period, ct);
        return new NarrativeReview(catalogue).Review(objective, markdown, figures.Calculator, period);
    }

    /// <summary>Approves the paper; without a <paramref name="reason"/>, only if its narrative agrees with its figures.</summary>
    public async Task<PaperVersion> ApproveAsync(ReportingPeriod period, int basedOn, string author, string? reason, CancellationToken ct)
    {
        if (reason is null)
        {
            var current = await papers.GetAsync(period, null, ct);
            var differences = (await ReviewAsync(period, current.Narratives, ct)).Contradictions
                .Select(c => new Violation("", $"'{c.Text}' in the {c.Objective} narrative: {c.Rule}")).ToList();
            if (differences.Count > 0)
                throw new RefusedException(Refusal.WrongState, differences,
                    $"the narrative contradicts its figures in {differences.Count} place{(differences.Count == 1 ? "" : "s")}; correct it, or approve with a reason");
        }
        return await papers.ApproveAsync(period, basedOn, author, reason, ct);
    }
}
