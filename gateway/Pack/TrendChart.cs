using System.Globalization;
using System.Net;
using ScottPlot;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Draws a pack chart with ScottPlot: the monthly values, each segment's mean (solid grey) and process limits (dashed),
/// the target (dotted), and special-cause months marked by shape as well as colour (triangle improving, square
/// concerning, diamond neither), so it reads printed in black and white. One drawing, two encodings: SVG for the HTML
/// and PDF (vector), PNG for the DOCX. The text equivalent is printed beside it by each renderer.
/// </summary>
public static class TrendChart
{
    public const int Width = 760;
    public const int Height = 340;

    private static readonly Color Improving = Color.FromHex("#1F5FA6");
    private static readonly Color Concerning = Color.FromHex("#B35300");
    private static readonly Color Neither = Color.FromHex("#6B2C91");

    /// <summary>The chart as inline SVG: role img, named by its title (aria-labelledby) and described by its summary (aria-describedby); ids prefixed so several fit a page.</summary>
    public static string Svg(PackChart chart, string id)
    {
        var svg = Plot(chart).GetSvgXml(Width, Height);
        svg = svg[svg.IndexOf("<svg", StringComparison.Ordinal)..]
            .Replace("id=\"", $"id=\"{id}-", StringComparison.Ordinal)
            .Replace("url(#", $"url(#{id}-", StringComparison.Ordinal);
        var open = svg.IndexOf('>') + 1;
        var head = svg[..open].Replace("<svg ", $"<svg role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" viewBox=\"0 0 {Width} {Height}\" class=\"trend\" ", StringComparison.Ordinal);
        return $"{head}<title id=\"{id}-title\">{WebUtility.HtmlEncode(chart.Title)}</title><desc id=\"{id}-desc\">{WebUtility.HtmlEncode(chart.Summary)}</desc>{svg[open..]}";
    }

    public static byte[] Png(PackChart chart) => Plot(chart).GetImageBytes(Width, Height, ImageFormat.Png);

    private static Plot Plot(PackChart chart)
    {
        var plot = new Plot();
        plot.Font.Set("Liberation Sans");
        var points = chart.Segments.SelectMany(s => s.Points).ToList();
        var months = points.Select(p => Month(p.Month)).ToList();
        double X(string month) => months.IndexOf(Month(month));

        var values = plot.Add.Scatter(points.Select(p => X(p.Month)).ToArray(), points.Select(p => p.Value).ToArray());
        (values.Color, values.LineWidth, values.MarkerSize, values.MarkerShape, values.LegendText) = (Colors.Black, 1.5f, 5, MarkerShape.FilledCircle, PackWording.ChartValues);

        var first = true;
        foreach (var segment in chart.Segments.Where(s => s.Mean is not null))
        {
            var (from, to) = (X(segment.From), X(segment.To));
            Level(plot, from, to, segment.Mean!.Value, Colors.Gray, LinePattern.Solid, first ? PackWording.ChartMean : "");
            Level(plot, from, to, segment.UpperLimit!.Value, Colors.Black, LinePattern.Dashed, first ? PackWording.ChartLimits : "");
            Level(plot, from, to, segment.LowerLimit!.Value, Colors.Black, LinePattern.Dashed, "");
            first = false;
        }
        if (chart.Target is { } target && points.Count > 0)
            Level(plot, 0, points.Count - 1, target, Colors.Black, LinePattern.Dotted, PackWording.ChartTarget(chart.TargetText));

        foreach (var (variation, shape, color) in new[]
        {
            ("special-cause-improving", MarkerShape.FilledTriangleUp, Improving),
            ("special-cause-concerning", MarkerShape.FilledSquare, Concerning),
            ("special-cause-neither", MarkerShape.FilledDiamond, Neither),
        })
        {
            var marked = points.Where(p => p.Variation == variation).ToList();
            if (marked.Count == 0) continue;
            var markers = plot.Add.Markers(marked.Select(p => X(p.Month)).ToArray(), marked.Select(p => p.Value).ToArray(), shape, 11, color);
            markers.LegendText = PackWording.Variation(variation);
        }

        var step = months.Count > 12 ? 3 : 1;
        var ticks = Enumerable.Range(0, months.Count).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(i => (double)i).ToArray(), ticks.Select(i => months[i].ToString("MMM yy", CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static void Level(Plot plot, double from, double to, double y, Color color, LinePattern pattern, string legend)
    {
        var line = plot.Add.Line(from, y, to, y);
        (line.Color, line.LinePattern, line.LineWidth, line.LegendText) = (color, pattern, 1.5f, legend);
    }

    private static DateOnly Month(string month) => DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
