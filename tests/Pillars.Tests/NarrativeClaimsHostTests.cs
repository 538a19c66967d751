using Grpc.Core;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>
/// The checker where people meet it, through the Reducing Harm service's gRPC API: a narrative being written, the
/// paper as read, and approval refused while the narrative contradicts its figures unless the approver gives a reason.
/// Quarter July–September 2025 of the sample: 108 disruptions, 12 more than April–June's 96 (+12.5%).
/// </summary>
public sealed class NarrativeClaimsHostTests
{
    private const string Period = "2025-09";
    private const string Disruptions = "- During this quarter, 108 disruptions were recorded, 12 more than in the previous quarter (+20.0 percent).";

    [Fact]
    public async Task A_narrative_being_written_has_each_figure_checked_and_its_references_filled_in()
    {
        await using var host = new ServiceServer<ReducingHarm.Host>("reducing-harm");
        var review = await host.CreateClient().CheckNarrativeAsync(new CheckNarrativeRequest
        {
            PeriodEnd = Period, Objective = "crack-down-on-crime",
            Markdown = Disruptions + "\n- From the data: {{soc.disruptions period}} ({{soc.disruptions change-to-previous-period}}).",
        });
        Assert.EndsWith("- From the data: 108 (+12.5%).", review.FilledMarkdown);
        Assert.Equal([("reference", ClaimStatus.Matches, "108"), ("reference", ClaimStatus.Matches, "+12.5%"), ("level", ClaimStatus.Matches, "108"),
                ("difference", ClaimStatus.Matches, "+12"), ("percent-change", ClaimStatus.Contradicts, "+12.5%")],
            review.Claims.Select(c => (c.Kind, c.Status, c.Derived)));
        Assert.Equal("96 → 108 is +12.5%, not +20.0 percent", review.Claims[^1].Rule);
    }

    [Fact]
    public async Task Approval_is_refused_while_the_narrative_contradicts_its_figures_unless_a_reason_is_given()
    {
        await using var host = new ServiceServer<ReducingHarm.Host>("reducing-harm");
        var pillar = host.CreateClient();
        var paper = await pillar.OpenPaperAsync(new OpenPaperRequest { PeriodEnd = Period, Author = "Analyst" });
        var catalogue = await pillar.GetCatalogueAsync(new GetCatalogueRequest());
        var tables = await pillar.GetTablesAsync(new GetTablesRequest { PeriodEnd = Period });
        var edit = new EditPaperRequest { PeriodEnd = Period, BaseVersion = paper.Version, Reason = "Quarter update", ReplaceNarratives = true, ReplaceTableNotes = true };
        edit.Narratives.AddRange(catalogue.Objectives.Select(o => new ObjectiveNarrative { Objective = o.Id, Markdown = o.Id == "crack-down-on-crime" ? Disruptions : "- An update." }));
        edit.TableNotes.AddRange(tables.Tables.Where(t => t.Rows.All(r => r.Cells.All(c => !c.HasValue))).Select(t => new TableNote { Table = t.Id, Note = "Not held for this quarter." }));
        paper = await pillar.EditPaperAsync(edit);
        paper = await pillar.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = Period, BaseVersion = paper.Version, Action = PaperAction.Submit });

        var read = await pillar.GetPaperAsync(new GetPaperRequest { PeriodEnd = Period });
        Assert.Equal("Figures checked: the narrative gives 3 figures for this paper's measures. 3 were checked against the data: 2 agree with it and 1 differs.", read.FiguresChecked);

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            pillar.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = Period, BaseVersion = paper.Version, Action = PaperAction.Approve }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal("the narrative contradicts its figures in 1 place; correct it, or approve with a reason: " +
            "'+20.0 percent' in the crack-down-on-crime narrative: 96 → 108 is +12.5%, not +20.0 percent", refused.Status.Detail);
        Assert.Equal(PaperStatus.Submitted, (await pillar.GetPaperAsync(new GetPaperRequest { PeriodEnd = Period })).Status);

        var approved = await pillar.ChangePaperStatusAsync(new ChangePaperStatusRequest
        {
            PeriodEnd = Period, BaseVersion = paper.Version, Action = PaperAction.Approve, Reason = "The 20% is the unit's own count; the footnote explains it.",
        });
        Assert.Equal((PaperStatus.Approved, "The 20% is the unit's own count; the footnote explains it."), (approved.Status, approved.Reason));
        Assert.Equal("Figures checked: the narrative gives 3 figures for this paper's measures. 3 were checked against the data: 2 agree with it and 1 differs. " +
            "The Deputy Chief Constable approved the paper with this difference, giving the reason: “The 20% is the unit's own count; the footnote explains it.”",
            (await pillar.GetPaperAsync(new GetPaperRequest { PeriodEnd = Period })).FiguresChecked);
    }
}
