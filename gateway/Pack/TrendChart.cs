using System.Globalization;
using System.Net;
using ScottPlot;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Draws a pack chart with ScottPlot: the monthly values, each segment's mean (solid grey) and process limits (dashed),
/// the target (dotted), and special-cause months marked by shape as well as colour (triangle improving, square
/// concerning, diamond neither), so it reads printed in black and white. One drawing, two encodings: SVG for the HTML
/// and PDF (vector; its key as text beneath it), PNG for the DOCX (its legend drawn in). The text equivalent is printed
/// beside it by each renderer.
/// </summary>
public static class TrendChart
{
    public const int Width = 760;
    public const int Height = 340;

    private static readonly Color Improving = Color.FromHex("#1F5FA6");
    private static readonly Color Concerning = Color.FromHex("#B35300");
    private static readonly Color Neither = Color.FromHex("#6B2C91");

    /// <summary>How a chart and its text equivalent are laid out wherever one is shown: the chart scales with the page, its key wraps.</summary>
    public const string Css = """
        figure.chart{margin:1rem 0}figure.chart figcaption{font-weight:bold}svg.trend{width:100%;height:auto;max-width:760px;display:block}
        .chart-summary{margin:.5rem 0}table.chart-data{font-size:.85rem}
        ul.chart-key{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}ul.chart-key svg{vertical-align:middle;margin-right:.35rem}
        """;

    /// <summary>
    /// The chart as inline SVG, without its key (printed beneath it as text by <see cref="KeyHtml"/>, so that it stays
    /// readable when the chart shrinks to a phone's width): role img, named by its title (aria-labelledby) and described
    /// by its summary (aria-describedby); ids prefixed so several fit a page.
    /// </summary>
    public static string Svg(PackChart chart, string id)
    {
        var svg = Plot(chart, legend: false).GetSvgXml(Width, Height);
        svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..]
            .Replace("id=\"", $"id=\"{id}-", StringComparison.Ordinal)
            .Replace("url(#", $"url(#{id}-", StringComparison.Ordinal);
        var open = svg.IndexOf('>') + 1;
        var head = svg[..open].Replace("<svg ", $"<svg role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" viewBox=\"0 0 {Width} {Height}\" class=\"trend\" ", StringComparison.Ordinal);
        return $"{head}<title id=\"{id}-title\">{WebUtility.HtmlEncode(chart.Title)}</title><desc id=\"{id}-desc\">{WebUtility.HtmlEncode(chart.Summary)}</desc>{svg[open..]}";
    }

    /// <summary>The chart's key as a list of text, each entry with a sample of its line or marker drawn as in the chart (decorative).</summary>
    public static string KeyHtml(PackChart chart)
    {
        var key = new System.Text.StringBuilder("<ul class=\"chart-key\" aria-label=\"Key to the chart\">");
        foreach (var series in Series(chart))
        {
            var colour = series.Colour.ToHex()[..7];
            var line = series.Line is { } pattern
                ? $"<line x1=\"1\" y1=\"8\" x2=\"31\" y2=\"8\" stroke=\"{colour}\" stroke-width=\"2\"{(pattern.Equals(LinePattern.Dashed) ? " stroke-dasharray=\"6 3\"" : pattern.Equals(LinePattern.Dotted) ? " stroke-dasharray=\"2 2\"" : "")}/>"
                : "";
            var marker = series.Marker switch
            {
                MarkerShape.FilledCircle => $"<circle cx=\"16\" cy=\"8\" r=\"3.5\" fill=\"{colour}\"/>",
                MarkerShape.FilledTriangleUp => $"<polygon points=\"16,2 22,14 10,14\" fill=\"{colour}\"/>",
                MarkerShape.FilledSquare => $"<rect x=\"10\" y=\"2\" width=\"12\" height=\"12\" fill=\"{colour}\"/>",
                MarkerShape.FilledDiamond => $"<polygon points=\"16,1 23,8 16,15 9,8\" fill=\"{colour}\"/>",
                _ => "",
            };
            key.Append($"<li><svg aria-hidden=\"true\" focusable=\"false\" width=\"32\" height=\"16\" viewBox=\"0 0 32 16\">{line}{marker}</svg>{WebUtility.HtmlEncode(series.Text)}</li>");
        }
        return key.Append("</ul>").ToString();
    }

    public static byte[] Png(PackChart chart) => Plot(chart, legend: true).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>What the chart draws, in its key's order: the text, colour, line and marker of each, and how to draw it.</summary>
    private sealed record Drawn(string Text, Color Colour, LinePattern? Line, MarkerShape? Marker, Action<Plot, string> Draw);

    /// <summary>
    /// The monthly values, each segment's mean and process limits, the target, and the special-cause months by shape as
    /// well as colour: the one list both the drawing (and its legend in the PNG) and the HTML key are made from.
    /// </summary>
    private static List<Drawn> Series(PackChart chart)
    {
        var points = chart.Segments.SelectMany(s => s.Points).ToList();
        var months = points.Select(p => Month(p.Month)).ToList();
        double X(string month) => months.IndexOf(Month(month));
        var series = new List<Drawn>
        {
            new(PackWording.ChartValues, Colors.Black, LinePattern.Solid, MarkerShape.FilledCircle, (plot, legend) =>
            {
                var values = plot.Add.Scatter(points.Select(p => X(p.Month)).ToArray(), points.Select(p => p.Value).ToArray());
                (values.Color, values.LineWidth, values.MarkerSize, values.MarkerShape, values.LegendText) = (Colors.Black, 1.5f, 5, MarkerShape.FilledCircle, legend);
            }),
        };
        var limited = chart.Segments.Where(s => s.Mean is not null).ToList();
        if (limited.Count > 0)
        {
            void Levels(Plot plot, string legend, Color colour, LinePattern pattern, params Func<PackChartSegment, double>[] levels)
            {
                foreach (var (segment, i) in limited.Select((s, i) => (s, i)))
                    foreach (var (level, j) in levels.Select((l, j) => (l, j)))
                        Level(plot, X(segment.From), X(segment.To), level(segment), colour, pattern, i == 0 && j == 0 ? legend : "");
            }
            series.Add(new(PackWording.ChartMean, Colors.Gray, LinePattern.Solid, null, (plot, legend) => Levels(plot, legend, Colors.Gray, LinePattern.Solid, s => s.Mean!.Value)));
            series.Add(new(PackWording.ChartLimits, Colors.Black, LinePattern.Dashed, null,
                (plot, legend) => Levels(plot, legend, Colors.Black, LinePattern.Dashed, s => s.UpperLimit!.Value, s => s.LowerLimit!.Value)));
        }
        if (chart.Target is { } target && points.Count > 0)
            series.Add(new(PackWording.ChartTarget(chart.TargetText), Colors.Black, LinePattern.Dotted, null,
                (plot, legend) => Level(plot, 0, points.Count - 1, target, Colors.Black, LinePattern.Dotted, legend)));
        foreach (var (variation, shape, colour) in new[]
        {
            ("special-cause-improving", MarkerShape.FilledTriangleUp, Improving),
            ("special-cause-concerning", MarkerShape.FilledSquare, Concerning),
            ("special-cause-neither", MarkerShape.FilledDiamond, Neither),
        })
        {
            var marked = points.Where(p => p.Variation == variation).ToList();
            if (marked.Count == 0) continue;
            series.Add(new(PackWording.Variation(variation), colour, null, shape, (plot, legend) =>
                plot.Add.Markers(marked.Select(p => X(p.Month)).ToArray(), marked.Select(p => p.Value).ToArray(), shape, 11, colour).LegendText = legend));
        }
        return series;
    }

    private static Plot Plot(PackChart chart, bool legend)
    {
        var plot = new Plot();
        plot.Font.Set("Liberation Sans");
        foreach (var series in Series(chart)) series.Draw(plot, series.Text);
        var months = chart.Segments.SelectMany(s => s.Points).Select(p => Month(p.Month)).ToList();
        var step = months.Count > 12 ? 3 : 1;
        var ticks = Enumerable.Range(0, months.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(i => (double)i).ToArray(), ticks.Select(i => months[i].ToString("MMM yy", CultureInfo.InvariantCulture)).ToArray());
        if (legend) plot.ShowLegend(Edge.Bottom);
        else plot.HideLegend();
        return plot;
    }

    private static void Level(Plot plot, double from, double to, double y, Color color, LinePattern pattern, string legend)
    {
        var line = plot.Add.Line(from, y, to, y);
        (line.Color, line.LinePattern, line.LineWidth, line.LegendText) = (color, pattern, 1.5f, legend);
    }

    private static DateOnly Month(string month) => DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
