using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PlanServices.Pillars.Data;
using PlanServices.Pillars.Domain;
using PlanServices.Pillars.Tables;
using PlanServices.ServiceDefaults;

namespace PlanServices.Pillars.Http;

/// <summary>
/// Read-only HTTP views of a pillar: its catalogue and its paper's tables for a reporting period,
/// named by the quarter's last month (<c>/tables/2025-12</c>, <c>/tables/2025-12.html</c>). The tables need a
/// signed-in reader (unpublished figures are not public); the catalogue is public.
/// </summary>
public static class PillarEndpoints
{
    public static IEndpointRouteBuilder MapPillarEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (Catalogue catalogue) => Results.Content(Index(catalogue), "text/html; charset=utf-8"));
        app.MapGet("/catalogue", (Catalogue catalogue) => catalogue);
        app.MapGet("/tables/{end}", async (string end, string? district, Catalogue catalogue, TablesCache tables, PillarDb db, CancellationToken ct) =>
            Parse(end) is not { } period ? BadPeriod(end)
            : district is not null && Norfolk.District(district) == 0 ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid district",
                detail: $"'{Records.RecordRules.Clip(district)}' is not one of Norfolk's districts ({string.Join(", ", Norfolk.Districts)})")
            : Results.Ok(Json(catalogue, period, district is null ? null : Norfolk.District(district),
                await tables.GetAsync(db, period, ct, district is null ? null : Norfolk.District(district))))).RequireAuthorization(Policies.Reader);
        app.MapGet("/tables/{end}.html", async (string end, Catalogue catalogue, TablesCache tables, PillarDb db, CancellationToken ct) =>
            Parse(end) is { } period
                ? Results.Content(TablesPage.Render(catalogue, period, await tables.GetAsync(db, period, ct)), "text/html; charset=utf-8")
                : BadPeriod(end)).RequireAuthorization(Policies.Reader);
        return app;
    }

    private static object Json(Catalogue catalogue, ReportingPeriod period, int? district, PaperFigures figures) => new
    {
        pillar = catalogue.Pillar,
        reportingPeriod = period.Description,
        district = district is { } d ? Norfolk.Districts[d - 1] : null,
        tables = figures.Tables,
        charts = figures.Charts.Select(c => new
        {
            id = c.Spec.Id, objective = c.Spec.Objective, indicator = c.Indicator.Id, title = c.Spec.Title,
            variation = c.Analysis.Variation, assurance = c.Analysis.Assurance, summary = c.Summary,
        }),
    };

    private static ReportingPeriod? Parse(string end) => ReportingPeriod.TryParse(end, out var period, out _) ? period : null;

    private static IResult BadPeriod(string end) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid reporting period",
        detail: ReportingPeriod.TryParse(end, out _, out var error) ? "" : error);

    private static string Index(Catalogue catalogue)
    {
        var title = WebUtility.HtmlEncode(catalogue.Title);
        return $"""
            <!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>
            <body><h1>{title}</h1><ul>
            <li><a href="/tables/2025-12.html">Tables for 1 October – 31 December 2025 (the April 2026 meeting)</a></li>
            <li>Any quarter: /tables/YYYY-MM.html, named by its last month; a financial year: /tables/FY2025-26.html; any run of months: /tables/2025-01..2025-06.html</li>
            <li><a href="/catalogue">Catalogue (JSON)</a></li></ul></body></html>
            """;
    }
}

/// <summary>An accessible HTML page of a paper's tables; all text is encoded.</summary>
public static class TablesPage
{
    public static string Render(Catalogue catalogue, ReportingPeriod period, PaperFigures figures)
    {
        var tables = figures.Tables;
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html><html lang="en-GB"><head><meta charset="utf-8">
            <title>{E(catalogue.Title)}: tables, {E(period.Description)}</title>
            <style>body{"{"}font-family:Arial,sans-serif;color:#111;max-width:70rem;margin:1rem auto{"}"}
            table{"{"}border-collapse:collapse;margin:1rem 0{"}"}th,td{"{"}border:1px solid #555;padding:.25rem .5rem{"}"}
            td.n{"{"}text-align:right{"}"}caption{"{"}caption-side:bottom;text-align:left;font-style:italic{"}"}
            .missed{"{"}font-weight:bold{"}"}</style></head><body>
            <h1>{E(catalogue.Title)}</h1><p>Reporting period: {E(period.Description)}.</p>
            """);
        foreach (var objective in catalogue.Objectives)
        {
            var own = tables.Where(t => t.Objective == objective.Id).ToList();
            var charts = figures.Charts.Where(c => c.Spec.Objective == objective.Id).ToList();
            if (own.Count + charts.Count == 0) continue;
            html.Append($"<h2>{E(objective.Title)}</h2><p>{E(objective.Description)}</p>");
            foreach (var chart in charts) html.Append($"<h3>{E(chart.Spec.Title)}: variation</h3><p>{E(chart.Summary)}</p>");
            foreach (var table in own)
            {
                html.Append($"<table id=\"{E(table.Id)}\"><caption>{E(table.Caption)}</caption><thead><tr>");
                foreach (var column in table.Columns) html.Append($"<th scope=\"col\">{E(column)}</th>");
                html.Append("</tr></thead><tbody>");
                var labelColumns = table.Columns.Count - table.Rows[0].Cells.Count;
                foreach (var row in table.Rows)
                {
                    html.Append("<tr>");
                    if (labelColumns == 2) html.Append($"<th scope=\"row\">{E(row.Group)}</th>");
                    html.Append($"<th scope=\"row\">{E(row.Label)}</th>");
                    foreach (var cell in row.Cells)
                    {
                        var target = cell.TargetMet switch { true => " (target met)", false => " (target missed)", _ => "" };
                        html.Append($"<td class=\"n{(cell.TargetMet == false ? " missed" : "")}\">{E(cell.Text)}{E(target)}</td>");
                    }
                    html.Append("</tr>");
                }
                html.Append("</tbody></table>");
                if (table.DateRangeNote is not null) html.Append($"<p>{E(table.DateRangeNote)}</p>");
                if (table.Note is not null) html.Append($"<p>{E(table.Note)}</p>");
            }
        }
        return html.Append("</body></html>").ToString();
    }
}
