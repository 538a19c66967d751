using System.Text;
using ClosedXML.Excel;
using Plan.Pillar.V1;

namespace PlanServices.Gateway.Web;

/// <summary>A pillar's figures template: the columns, and each indicator a file may hold (the stored ones), with its name and unit.</summary>
public static class FiguresTemplate
{
    private static IEnumerable<Indicator> Stored(Catalogue catalogue) => catalogue.Indicators.Where(i => i.Stored);

    public static string Csv(Catalogue catalogue)
    {
        var csv = new StringBuilder($"# Figures for {catalogue.Title}: one row per indicator and run of whole months (YYYY-MM), the total over those months.\n");
        csv.Append("# The indicators this file may hold:\n");
        foreach (var indicator in Stored(catalogue)) csv.Append($"#   {indicator.Id}: {indicator.Name} ({Unit(indicator)})\n");
        csv.Append("indicator,from,to,value\n");
        return csv.ToString();
    }

    public static byte[] Workbook(Catalogue catalogue)
    {
        using var workbook = new XLWorkbook();
        var figures = workbook.AddWorksheet("Figures");
        string[] header = ["indicator", "from", "to", "value"];
        for (var c = 0; c < header.Length; c++) figures.Cell(1, c + 1).Value = header[c];
        figures.Row(1).Style.Font.Bold = true;
        var indicators = workbook.AddWorksheet("Indicators");
        indicators.Cell(1, 1).Value = "indicator";
        indicators.Cell(1, 2).Value = "name";
        indicators.Cell(1, 3).Value = "unit";
        var row = 2;
        foreach (var indicator in Stored(catalogue))
        {
            indicators.Cell(row, 1).Value = indicator.Id;
            indicators.Cell(row, 2).Value = indicator.Name;
            indicators.Cell(row++, 3).Value = Unit(indicator);
        }
        indicators.Columns().AdjustToContents();
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static string Unit(Indicator indicator) => indicator.Unit.ToString().ToLowerInvariant();
}
