using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.WebEncoders;
using PlanServices.Gateway.Pack.Sections;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// The pack as one semantic HTML page, the Razor components of <c>Pack/Sections</c> rendered with <see cref="HtmlRenderer"/>
/// (WCAG 2.2 AA: one h1 and ordered headings, tables with captions and scoped headers, the page and every foreign-language
/// notice marked with its language, text contrast above 7:1, print CSS with a page break before each section). It reflows
/// to a phone's width (1.4.10): each table scrolls within its own labelled, focusable region, and a chart scales with its
/// key written as text beneath it. All text is encoded by the renderer.
/// </summary>
public sealed class PackHtml(IServiceScopeFactory services, ILoggerFactory logs)
{
    public const string Css = """
        body{font-family:"Liberation Sans",Arial,sans-serif;color:#111;background:#fff;line-height:1.4;max-width:60rem;margin:1rem auto;padding:0 1rem;overflow-wrap:break-word}
        h1{font-size:1.6rem}h2{font-size:1.35rem;margin-top:2rem}h3{font-size:1.15rem}h4{font-size:1rem}
        table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #444;padding:.25rem .4rem;vertical-align:top;text-align:left}
        thead th{background:#e8e8e8}td.n{text-align:right;white-space:nowrap}caption{caption-side:top;text-align:left;font-weight:bold;padding:.25rem 0}
        .note{font-size:.9rem}.missing{border:3px solid #8a0000;padding:.75rem;font-weight:bold}.draft{border:3px solid #111;padding:.5rem;font-weight:bold}
        .correction{border-left:4px solid #111;padding-left:.5rem}.missed{font-weight:bold}dl.cover dt{font-weight:bold}dl.cover dd{margin:0 0 .5rem 0}
        a{color:#0b4a8b}
        div.scroll{overflow-x:auto;margin:1rem 0}div.scroll>table{margin:0}a:focus,div.scroll:focus{outline:3px solid #b35300;outline-offset:2px}
        @media print{nav.back{display:none}div.scroll{overflow:visible}figure.chart{break-inside:avoid}body{max-width:none;margin:0}section.part{break-before:page}a{color:#111;text-decoration:none}
        h2,h3,h4,caption{break-after:avoid}table{break-inside:avoid}table.long{break-inside:auto}thead{display:table-header-group;break-inside:avoid;break-after:avoid}
        tr{break-inside:avoid}tbody tr:first-child{break-before:avoid}.signatures{break-inside:avoid}p.story{display:none}}
        """;

    /// <summary>Text in every script is written as itself (Welsh, Polish, Arabic, the en dash); only markup characters are encoded.</summary>
    public static void Encoders(WebEncoderOptions options) => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All);

    /// <summary>
    /// Renders the pack; <paramref name="pages"/> gives the page each section starts on, when known (the PDF). The renderer
    /// takes its services from a scope of its own, as the pack is also rendered outside any request (publishing).
    /// </summary>
    public async Task<string> RenderAsync(PackDocument pack, IReadOnlyDictionary<string, int>? pages = null)
    {
        await using var scope = services.CreateAsyncScope();
        return await RenderAsync<PackPage>(scope.ServiceProvider, logs, new() { [nameof(PackPage.Pack)] = pack, [nameof(PackPage.Pages)] = pages });
    }

    /// <summary>A component as an HTML document, rendered with <paramref name="services"/> (a scope's: the renderer's services are scoped).</summary>
    public static async Task<string> RenderAsync<TComponent>(IServiceProvider services, ILoggerFactory logs, Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, logs);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
