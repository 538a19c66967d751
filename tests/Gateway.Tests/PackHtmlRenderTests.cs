using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PlanServices.Gateway.Pack;

namespace PlanServices.Gateway.Tests;

/// <summary>
/// The pack's page as its Razor components render it, from a pack made here (a quarter other than April, a grouped table,
/// a missing paper, notices in other scripts): its structure, its page links, and every piece of text encoded.
/// </summary>
public sealed class PackHtmlRenderTests
{
    private static readonly PackHtml Html = new ServiceCollection().AddLogging().AddWebEncoders(PackHtml.Encoders).AddSingleton<PackHtml>()
        .BuildServiceProvider(validateScopes: true).GetRequiredService<PackHtml>();

    private static PackCell Cell(string text, bool? met = null) => new(text, null, met);

    private static readonly PackDocument Pack = new(
        "pam-2026-10-14", Partial: true, Missing: ["minutes", "Cohesive Communities paper"],
        new FrontPage("PCC Accountability Meeting", "Public", new DateOnly(2026, 10, 14), "10:00", "Room <b>1</b>", "July to September 2026",
            [new AgendaLine(1, "10:00", "Welcome", "Verbal Update", null), new AgendaLine(2, "10:05", "Priority 1 – Preventing Crime", "", "paper-pc")],
            [new NextMeetingLine("PCC Accountability Meeting", new DateOnly(2027, 1, 20), "10:00", "12:00")],
            ["OPCCN, Building 7"],
            [new LanguageNotice("cy", "Gellir cael y ddogfen hon yn Gymraeg"), new LanguageNotice("ar", "هذه الوثيقة متاحة")]),
        Minutes: null, Actions: null,
        [
            new PaperSection("pc", "Preventing Crime", "Draft", 2, null, null,
            [
                new ObjectiveSection("o1", "Reduce burglary", "Fewer homes broken into", [
                    new PackTable(1, "t1", "Burglary by district & type", ["District", "Type", "Sep 2026", "Target"], 2,
                    [
                        new PackRow("North", "Dwelling", [Cell("12"), Cell("10", false)], false),
                        new PackRow("North", "Other", [Cell("3"), Cell("4", true)], false),
                        new PackRow("South", "Dwelling", [Cell("+7.5%"), Cell("")], false),
                    ], "1 July – 30 September 2026", "", "August 2026"),
                ], "Burglary fell **12%** in the quarter. <script>alert('x')</script>"),
            ], []),
            new PaperSection("cc", "Cohesive Communities", null, null, "The Cohesive Communities paper could not be retrieved.", null, [], []),
        ],
        "Figures are derived from the stored data.");

    private static async Task<string> RenderAsync(IReadOnlyDictionary<string, int>? pages = null) => await Html.RenderAsync(Pack, pages);

    [Fact]
    public async Task The_page_is_one_document_with_its_language_one_h1_and_a_section_per_part()
    {
        var html = await RenderAsync();
        Assert.StartsWith("<!doctype html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<html lang=\"en-GB\">", html);
        Assert.Contains("<title>PCC Accountability Meeting – Wednesday 14 October 2026</title>", html);
        Assert.Single(Regex.Matches(html, "<h1[ >]"));
        Assert.Equal(["front", "minutes", "paper-pc", "paper-cc", "method"], Regex.Matches(html, "<section [^>]*id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Where(id => id != "corrections"));
        Assert.Contains("<a href=\"/app\">Back to your work</a>", html);
        Assert.Contains("<p class=\"draft\">Status: Draft (version 2); not yet published.</p>", html);
    }

    [Fact]
    public async Task Missing_parts_say_so_and_a_missing_paper_prints_nothing_else()
    {
        var html = await RenderAsync();
        Assert.Contains("<p class=\"missing\">The minutes could not be retrieved and are missing from this pack.</p>", html);
        var cc = html[html.IndexOf("id=\"paper-cc\"", StringComparison.Ordinal)..html.IndexOf("id=\"method\"", StringComparison.Ordinal)];
        Assert.Contains("<p class=\"missing\" role=\"note\">The Cohesive Communities paper could not be retrieved.</p>", cc);
        Assert.DoesNotContain("<table", cc);
    }

    [Fact]
    public async Task An_agenda_item_links_its_paper_with_the_page_it_starts_on_when_known()
    {
        Assert.Contains("<a href=\"#paper-pc\">Go to the paper</a>", await RenderAsync());
        Assert.Contains("<a href=\"#paper-pc\">Page 7</a>", await RenderAsync(new Dictionary<string, int> { ["paper-pc"] = 7 }));
        Assert.Contains("<td>Verbal Update</td>", await RenderAsync());
    }

    [Fact]
    public async Task A_grouped_table_spans_each_group_once_and_marks_a_missed_target()
    {
        var html = await RenderAsync();
        Assert.Contains("<caption>Table 1: Burglary by district &amp; type</caption>", html);
        Assert.Contains("<th scope=\"rowgroup\" rowspan=\"2\">North</th>", html);
        Assert.Contains("<th scope=\"rowgroup\" rowspan=\"1\">South</th>", html);
        Assert.Single(Regex.Matches(html, ">North</th>"));
        Assert.Contains("<td class=\"n missed\">10 (target missed)</td>", html);
        Assert.Contains("<td class=\"n\">4 (target met)</td>", html);
        Assert.Contains("<p class=\"note\">No data for this period: August 2026</p>", html);
    }

    [Fact]
    public async Task Text_is_encoded_and_every_script_written_as_itself()
    {
        var html = await RenderAsync();
        Assert.Contains("Room &lt;b&gt;1&lt;/b&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("<strong>12%</strong>", html);
        Assert.Contains("<p lang=\"cy\">Gellir cael y ddogfen hon yn Gymraeg</p>", html);
        Assert.Contains("<p lang=\"ar\" dir=\"rtl\">هذه الوثيقة متاحة</p>", html);
        Assert.Contains("1 July – 30 September 2026", html);
    }

    [Fact]
    public async Task Each_search_passage_leads_to_an_id_the_page_has()
    {
        var html = await RenderAsync();
        var entries = PackSearch.Entries(Pack);
        Assert.Equal(["front", "paper-pc-o1", "table-1"], entries.Select(e => e.Anchor));
        Assert.All(entries, e => Assert.Contains($"id=\"{e.Anchor}\"", html));
        var table = entries.Single(e => e.Kind == "table");
        Assert.Equal("Table 1: Burglary by district & type", table.Heading);
        Assert.Equal("District Type Sep 2026 Target\nNorth Dwelling: 12 10\nNorth Other: 3 4\nSouth Dwelling: +7.5%", table.Text);
        Assert.Equal("Fewer homes broken into\nBurglary fell **12%** in the quarter. <script>alert('x')</script>", entries.Single(e => e.Kind == "narrative").Text);
    }

    [Fact]
    public void A_snippet_is_encoded_and_only_its_found_words_are_marked()
    {
        Assert.Equal("Calls <mark>answered</mark> &lt;b&gt; in <mark>101</mark> …", PackSearch.Marked("Calls \u0002answered\u0003 <b> in \u0002101\u0003 …"));
        Assert.Equal("no marks &amp; a stray end", PackSearch.Marked("no marks & a stray\u0003 end"));
        Assert.Equal("<mark>wait</mark>", PackSearch.Marked("\u0002wait\u0003"));
    }

    [Fact]
    public async Task A_published_packs_page_links_charted_rows_to_their_stories_and_its_pdf_links_nowhere()
    {
        var chart = new PackChart("c1", "burglary.dwelling", "Dwelling burglary", "2024-10", "2026-09", "common-cause", "not-applicable", "Stable.", null, "", "down", [], []);
        var paper = Pack.Papers[0];
        var table = paper.Objectives[0].Tables[0];
        var published = Pack with
        {
            Publication = new Publication(1, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 1), []),
            Papers = [paper with { Objectives = [paper.Objectives[0] with
            {
                Charts = [chart],
                Tables = [table with { Rows = [table.Rows[0] with { Indicator = "burglary.dwelling" }, table.Rows[1] with { Indicator = "burglary.other" }, table.Rows[2]] }],
            }] }],
        };
        var page = await Html.RenderAsync(published);
        Assert.Contains("<th scope=\"row\"><a class=\"story\" href=\"/measures/pc/burglary.dwelling\">Dwelling</a></th>", page);
        Assert.Single(Regex.Matches(page, "<a class=\"story\""));
        Assert.DoesNotContain("/measures/", await Html.RenderAsync(published, new Dictionary<string, int>()));
        Assert.DoesNotContain("/measures/", await Html.RenderAsync(published with { Publication = null }));
    }
}
