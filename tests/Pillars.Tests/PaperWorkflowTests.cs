using PlanServices.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Extensions;
using PlanServices.Pillars.Papers;
using PlanServices.Testing;

namespace PlanServices.Pillars.Tests;

/// <summary>The paper sign-off workflow on a real store: every allowed and refused change, versions and audit.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PaperWorkflowTests(PostgresServer postgres)
{
    private static readonly Catalogue ReducingHarm = CatalogueFile.Load(Repo.Catalogue("ReducingHarm"));
    private static readonly ReportingPeriod Q4 = new(new Month(2025, 12));
    private const string Analyst = "Analyst, Reducing Harm";
    private const string Originator = "Deputy Chief Constable Dave Marshall";

    private static PaperWorkflow Workflow(PillarDb db) =>
        new(db, ReducingHarm, Options.Create(new PillarOptions { Name = "reducing-harm", Originator = Originator }), TimeProvider.System);

    private async Task<(PillarDb Db, PaperWorkflow Papers)> OpenAsync(string provider = Stores.Sqlite)
    {
        var db = await Stores.CreateAsync(provider, postgres);
        await Stores.Importer(db, ReducingHarm).ImportFileAsync(Repo.Sample("ReducingHarm"));
        var papers = Workflow(db);
        await papers.OpenAsync(Q4, "pam-2026-04-21", null, Analyst);
        return (db, papers);
    }

    /// <summary>A narrative for every objective (a paper is signed off only complete): <paramref name="markdown"/> for <paramref name="objective"/>.</summary>
    private static PaperContent Narrative(string objective, string markdown) =>
        new(null, ReducingHarm.Objectives.Select(o => o.Id).Append(objective).Distinct().ToDictionary(id => id, id => id == objective ? markdown : "- An update on this objective."));

    /// <summary>Brings a fresh paper to <paramref name="status"/> by the allowed path, completing it first if need be; returns its version.</summary>
    private static async Task<int> BringToAsync(PaperWorkflow papers, PaperStatus status)
    {
        var version = (await papers.GetAsync(Q4)).Version;
        if (status == PaperStatus.Draft) return version;
        if ((await papers.GetAsync(Q4)).Narratives.Count < ReducingHarm.Objectives.Count)
            version = (await papers.EditAsync(Q4, version, Narrative("emergency-response", "- 88.0% of 999 calls were answered within 10 seconds."), Analyst, "Quarter update")).Version;
        version = (await papers.SubmitAsync(Q4, version, Analyst)).Version;
        if (status == PaperStatus.Submitted) return version;
        version = (await papers.ApproveAsync(Q4, version, Originator)).Version;
        if (status == PaperStatus.Approved) return version;
        return (await papers.PublishAsync(Q4, version, "OPCCN Performance and Scrutiny")).Version;
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_figure_revised_after_approval_sends_the_paper_back_for_approval_listing_each_cell_old_and_new(string provider)
    {
        var (db, papers) = await OpenAsync(provider);
        await using var _ = db;
        var approved = await BringToAsync(papers, PaperStatus.Approved);
        var importer = Stores.Importer(db, ReducingHarm);

        await importer.ImportAsync("indicator,from,to,value\ncalls.total,2021-04,2021-04,1\n");
        Assert.Empty(await papers.ReviseApprovedAsync(new Period(new Month(2021, 4), new Month(2021, 4))));
        Assert.Equal((PaperStatus.Approved, approved), ((await papers.GetAsync(Q4)).Status, (await papers.GetAsync(Q4)).Version));

        await importer.ImportAsync("indicator,from,to,value\ncalls.under-10s,2025-12,2025-12,9480\n");
        var revised = Assert.Single(await papers.ReviseApprovedAsync(Period.Single(new Month(2025, 12))));
        Assert.Equal((PaperStatus.Submitted, PaperChange.FiguresRevised, PaperWorkflow.FiguresAuthor), (revised.Status, revised.Change, revised.Author));
        Assert.Contains(revised.FigureRevisions, r => r is { Row: "December 2025", Column: "% 999 calls answered in under 10 seconds", Old: "91.5%", New: "91.4%" });
        Assert.All(revised.FigureRevisions, r => Assert.NotEqual(r.Old, r.New));
        Assert.StartsWith($"{revised.FigureRevisions.Count} figure", revised.Reason);
        Assert.Empty(await papers.ReviseApprovedAsync(Period.Single(new Month(2025, 12))));

        var again = await papers.ApproveAsync(Q4, revised.Version, Originator, "Checked against the revised call data.");
        Assert.Empty(again.FigureRevisions);
        Assert.NotEmpty((await papers.GetAsync(Q4, revised.Version)).FigureRevisions);
        await importer.ImportAsync("indicator,from,to,value\ncalls.under-10s,2025-12,2025-12,9481\n");
        Assert.Empty(await papers.ReviseApprovedAsync(Period.Single(new Month(2025, 12))));
    }

    [Fact]
    public async Task Figures_revised_under_a_draft_or_a_published_paper_change_nothing()
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        await BringToAsync(papers, PaperStatus.Published);
        await papers.PublishWithPackAsync(Q4, "pam-2026-04-21");
        await papers.OpenAsync(ReportingPeriod.Parse("2026-03"), "pam-2026-07-01", null, Analyst);
        await Stores.Importer(db, ReducingHarm).ImportAsync("indicator,from,to,value\ncalls.under-10s,2025-12,2025-12,9480\n");
        Assert.Empty(await papers.ReviseApprovedAsync(Period.Single(new Month(2025, 12))));
        Assert.Equal(PaperStatus.Published, (await papers.GetAsync(Q4)).Status);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_new_paper_is_a_draft_with_the_default_cover_naming_the_reporting_period(string provider)
    {
        var (db, papers) = await OpenAsync(provider);
        await using var _ = db;
        var paper = await papers.GetAsync(Q4);

        Assert.Equal((1, PaperStatus.Draft, PaperChange.Opened, Analyst), (paper.Version, paper.Status, paper.Change, paper.Author));
        Assert.Equal(Originator, paper.Cover.Originator);
        Assert.Equal("Constabulary update on the Reducing Harm objectives of the Police and Crime Plan.", paper.Cover.Subject);
        Assert.EndsWith("The reporting period is 1st October 2025 to 31st December 2025.", paper.Cover.Summary);
        Assert.Equal(1, (await papers.OpenAsync(Q4, "pam-2026-04-21", null, "someone else")).Version);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task A_paper_goes_from_draft_to_published_and_every_step_is_a_version_with_author_and_time(string provider)
    {
        var (db, papers) = await OpenAsync(provider);
        await using var _ = db;
        var edited = await papers.EditAsync(Q4, 1, Narrative("emergency-response", "- 88.0% of 999 calls were answered within 10 seconds."), Analyst, "Quarter update");
        await BringToAsync(papers, PaperStatus.Published);

        var history = await papers.HistoryAsync(Q4);
        Assert.Equal([PaperChange.Opened, PaperChange.Edited, PaperChange.Submitted, PaperChange.Approved, PaperChange.Published], history.Select(v => v.Change));
        Assert.Equal([PaperStatus.Draft, PaperStatus.Draft, PaperStatus.Submitted, PaperStatus.Approved, PaperStatus.Published], history.Select(v => v.Status));
        Assert.Equal([Analyst, Analyst, Analyst, Originator, "OPCCN Performance and Scrutiny"], history.Select(v => v.Author));
        Assert.Equal("Quarter update", history[1].Reason);
        Assert.Empty(history[0].Narratives);
        Assert.All(history.Skip(1), v => Assert.Equal(edited.Narratives, v.Narratives));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At));
    }

    [Theory]
    [InlineData(PaperStatus.Submitted)]
    [InlineData(PaperStatus.Approved)]
    public async Task A_submitted_or_approved_paper_returns_to_draft_with_a_reason_and_can_be_edited_again(PaperStatus status)
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        var version = await BringToAsync(papers, status);
        var returned = await papers.ReturnAsync(Q4, version, Originator, "Table 8 narrative quotes the wrong quarter");

        Assert.Equal((PaperStatus.Draft, PaperChange.Returned, "Table 8 narrative quotes the wrong quarter"), (returned.Status, returned.Change, returned.Reason));
        var edited = await papers.EditAsync(Q4, returned.Version, Narrative("emergency-response", "Corrected."), Analyst, "Quarter fixed");
        Assert.Equal(PaperStatus.Draft, edited.Status);
    }

    public static TheoryData<PaperStatus, string> RefusedChanges() => new()
    {
        { PaperStatus.Submitted, "edit" }, { PaperStatus.Approved, "edit" }, { PaperStatus.Published, "edit" },
        { PaperStatus.Submitted, "submit" }, { PaperStatus.Approved, "submit" }, { PaperStatus.Published, "submit" },
        { PaperStatus.Draft, "approve" }, { PaperStatus.Approved, "approve" }, { PaperStatus.Published, "approve" },
        { PaperStatus.Draft, "return" }, { PaperStatus.Published, "return" },
        { PaperStatus.Draft, "publish" }, { PaperStatus.Submitted, "publish" }, { PaperStatus.Published, "publish" },
        { PaperStatus.Draft, "correct" }, { PaperStatus.Submitted, "correct" }, { PaperStatus.Approved, "correct" },
    };

    [Theory]
    [MemberData(nameof(RefusedChanges))]
    public async Task A_change_the_status_does_not_allow_is_refused_and_writes_nothing(PaperStatus status, string change)
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        var version = await BringToAsync(papers, status);
        var content = Narrative("emergency-response", "Text.");
        Func<Task> attempt = change switch
        {
            "edit" => () => papers.EditAsync(Q4, version, content, Analyst, "why"),
            "submit" => () => papers.SubmitAsync(Q4, version, Analyst),
            "approve" => () => papers.ApproveAsync(Q4, version, Originator),
            "return" => () => papers.ReturnAsync(Q4, version, Originator, "why"),
            "publish" => () => papers.PublishAsync(Q4, version, "OPCCN"),
            _ => () => papers.CorrectAsync(Q4, version, content, "OPCCN", "note"),
        };
        var refused = await Assert.ThrowsAsync<PaperException>(attempt);

        Assert.Equal(Refusal.WrongState, refused.Refusal);
        Assert.StartsWith($"the 2025-12 paper is {status}; it can be", refused.Message);
        Assert.Equal(version, (await papers.GetAsync(Q4)).Version);
        Assert.Equal(version, await db.PaperVersions.CountAsync());
    }

    [Fact]
    public async Task A_published_paper_is_immutable_and_a_correction_is_a_new_version_with_a_visible_note()
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        await papers.EditAsync(Q4, 1, Narrative("crack-down-on-crime", "- 185 disruptions, an increase of 77 (+44.5%)."), Analyst, "Quarter update");
        var published = await BringToAsync(papers, PaperStatus.Published);

        var corrected = await papers.CorrectAsync(Q4, published,
            Narrative("crack-down-on-crime", "- 185 disruptions, an increase of 77 (+71.3%)."), "OPCCN Performance and Scrutiny",
            "Corrected: the increase on the previous quarter is 71.3%, not 44.5%.");

        Assert.Equal((PaperStatus.Published, PaperChange.Corrected), (corrected.Status, corrected.Change));
        Assert.Equal(["Corrected: the increase on the previous quarter is 71.3%, not 44.5%."], corrected.CorrectionNotes);
        var original = await papers.GetAsync(Q4, published);
        Assert.Equal("- 185 disruptions, an increase of 77 (+44.5%).", original.Narratives["crack-down-on-crime"]);
        Assert.Empty(original.CorrectionNotes);
        var missingNote = await Assert.ThrowsAsync<PaperException>(() => papers.CorrectAsync(Q4, corrected.Version, Narrative("crack-down-on-crime", "x"), "OPCCN", " "));
        Assert.Equal("note: required", missingNote.Message);
    }

    [Fact]
    public async Task A_change_based_on_an_older_version_is_refused_as_stale()
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        await papers.EditAsync(Q4, 1, Narrative("emergency-response", "First."), Analyst, "one");
        var stale = await Assert.ThrowsAsync<PaperException>(() => papers.EditAsync(Q4, 1, Narrative("emergency-response", "Second."), "Another analyst", "two"));

        Assert.Equal(Refusal.Stale, stale.Refusal);
        Assert.Equal("First.", (await papers.GetAsync(Q4)).Narratives["emergency-response"]);
    }

    public static TheoryData<string, string, string> BadContent() => new()
    {
        { "emergency-response", "<script>alert(1)</script>", "narratives['emergency-response']: line 1: HTML is not allowed in a narrative" },
        { "emergency-response", "Calls rose <b>sharply</b>.", "narratives['emergency-response']: line 1: HTML is not allowed; write plain text" },
        { "emergency-response", "- a\n  - b\n    - c", "narratives['emergency-response']: line 3: bullets may have one level of sub-bullets, not more" },
        { "emergency-response", "1. first", "narratives['emergency-response']: line 1: numbered lists are not allowed; use '- ' bullets" },
        { "emergency-response", "See [the site](https://example.org).", "narratives['emergency-response']: line 1: links are not allowed; name the source in words" },
        { "emergency-response", "## A heading", "narratives['emergency-response']: line 1: only '###' sub-headings are allowed (found level 2)" },
        { "no-such-objective", "Text.", "narratives['no-such-objective']: objective 'no-such-objective' is not in the reducing-harm catalogue" },
    };

    [Theory]
    [MemberData(nameof(BadContent))]
    public async Task Narrative_outside_the_documented_subset_is_refused_naming_objective_line_and_rule(string objective, string markdown, string error)
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        var refused = await Assert.ThrowsAsync<PaperException>(() => papers.EditAsync(Q4, 1, Narrative(objective, markdown), Analyst, "why"));
        Assert.Equal(Refusal.Invalid, refused.Refusal);
        Assert.Contains(error, refused.Message);
        Assert.Contains(refused.Violations, v => v.Where == $"narratives['{objective}']" && error.EndsWith(v.Rule, StringComparison.Ordinal));
        Assert.Equal(1, (await papers.GetAsync(Q4)).Version);
    }

    [Fact]
    public async Task The_documented_narrative_subset_is_accepted()
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        const string markdown = "Intro paragraph with *italic* and **bold**.\n\n### October 2025\n\n- A bullet\n  - A sub-bullet\n- Another & more";
        var edited = await papers.EditAsync(Q4, 1, Narrative("crack-down-on-crime", markdown), Analyst, "why");
        Assert.Equal(markdown, edited.Narratives["crack-down-on-crime"]);
    }

    [Fact]
    public async Task An_empty_cover_field_or_missing_reason_is_refused()
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        var cover = (await papers.GetAsync(Q4)).Cover with { Subject = "" };
        var refused = await Assert.ThrowsAsync<PaperException>(() => papers.EditAsync(Q4, 1, new PaperContent(cover, null), Analyst, "why"));
        Assert.Equal("cover.subject: required", refused.Message);
        var noReason = await Assert.ThrowsAsync<PaperException>(() => papers.EditAsync(Q4, 1, Narrative("emergency-response", "x"), Analyst, ""));
        Assert.Equal("reason: required", noReason.Message);
    }

    public static TheoryData<string> Hosts() => new(Repo.PillarHosts);

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Each_sample_paper_has_narrative_for_every_objective_imports_once_and_again_changes_nothing(string host)
    {
        var catalogue = CatalogueFile.Load(Repo.Catalogue(host));
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        await Stores.ImportSampleAsync(db, catalogue, host);
        var papers = new PaperWorkflow(db, catalogue, Options.Create(new PillarOptions { Name = catalogue.Pillar }), TimeProvider.System);
        var text = await File.ReadAllTextAsync(Repo.Path("services", host, "sample", "paper-2025-12.md"));
        var (first, changed) = await PaperFile.ImportAsync(papers, text, "paper-2025-12.md", "import");
        var (second, again) = await PaperFile.ImportAsync(papers, text, "paper-2025-12.md", "import");

        Assert.True(changed);
        Assert.False(again);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(catalogue.Objectives.Select(o => o.Id).Order(), first.Narratives.Keys.Order());
        Assert.Equal(Originator, first.Cover.Originator);
    }

    [Fact]
    public async Task A_paper_is_submitted_only_complete_each_missing_narrative_and_unexplained_empty_table_named()
    {
        var (db, papers) = await OpenAsync();
        await using var _ = db;
        var refused = await Assert.ThrowsAsync<PaperException>(() => papers.SubmitAsync(Q4, 1, Analyst));
        Assert.Equal(Refusal.WrongState, refused.Refusal);
        Assert.Equal(ReducingHarm.Objectives.Select(o => $"The objective “{o.Title}” has no narrative."), refused.Errors);
        Assert.Equal(1, (await papers.GetAsync(Q4)).Version);

        // A period with no figures at all: every table must say why it is empty.
        var later = new ReportingPeriod(new Month(2030, 12));
        await papers.OpenAsync(later, null, null, Analyst);
        var complete = await papers.EditAsync(later, 1, Narrative("emergency-response", "- No calls were recorded."), Analyst, "Quarter update");
        var empty = await Assert.ThrowsAsync<PaperException>(() => papers.SubmitAsync(later, complete.Version, Analyst));
        Assert.Equal(ReducingHarm.Tables.Count, empty.Errors.Count);
        Assert.All(ReducingHarm.Tables.Zip(empty.Errors), p => Assert.True(p.Second.StartsWith(p.First.Caption.Split('{')[0], StringComparison.Ordinal)
            && p.Second.EndsWith(" has no data for the period: say why in its table note.", StringComparison.Ordinal), p.Second));

        var noted = await papers.EditAsync(later, complete.Version, new PaperContent(null, null, ReducingHarm.Tables.ToDictionary(t => t.Id, _ => "The force's systems were being replaced.")), Analyst, "Notes on empty tables");
        var submitted = await papers.SubmitAsync(later, noted.Version, Analyst);
        Assert.Equal((PaperStatus.Submitted, "The force's systems were being replaced."), (submitted.Status, submitted.TableNotes["calls-999"]));

        var unknown = await Assert.ThrowsAsync<PaperException>(() => papers.EditAsync(Q4, 1, new PaperContent(null, null, new Dictionary<string, string> { ["nope"] = "x" }), Analyst, "why"));
        Assert.Equal("table_notes['nope']: table 'nope' is not in the reducing-harm catalogue", unknown.Message);
    }

    [Fact]
    public async Task A_new_papers_cover_takes_submitted_to_and_the_originator_from_the_meeting()
    {
        await using var db = await Stores.CreateAsync(Stores.Sqlite);
        var paper = await Workflow(db).OpenAsync(Q4, "pam-2026-07-01", "PCC Accountability Meeting, Wednesday 1 July 2026", Analyst,
            submittedTo: "Police and Crime Commissioner's Accountability Meeting, 1 July 2026", originator: "Temporary Deputy Chief Constable");
        Assert.Equal(("Police and Crime Commissioner's Accountability Meeting, 1 July 2026", "Temporary Deputy Chief Constable"), (paper.Cover.SubmittedTo, paper.Cover.Originator));
        var plain = await Workflow(db).OpenAsync(new ReportingPeriod(new Month(2026, 3)), "pam-2026-07-01", "PCC Accountability Meeting, Wednesday 1 July 2026", Analyst);
        Assert.Equal(("PCC Accountability Meeting, Wednesday 1 July 2026", Originator), (plain.Cover.SubmittedTo, plain.Cover.Originator));
    }
}
