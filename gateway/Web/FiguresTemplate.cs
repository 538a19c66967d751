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

    /// <summary>
    /// The same as an Excel workbook: the sheet "Figures" with the header to fill in, and "Indicators" listing what it may
    /// hold. Columns are as wide as their longest text in characters, Excel's own unit of width, rather than measured in a
    /// font (ClosedXML measures through System.Drawing, which Linux lacks).
    /// </summary>
    public static byte[] Workbook(Catalogue catalogue)
    {
        using var workbook = new XLWorkbook();
        var stored = Stored(catalogue).ToList();
        Sheet(workbook, "Figures", ["indicator", "from", "to", "value"], [],
            [stored.Select(i => i.Id.Length).DefaultIfEmpty(0).Max(), "YYYY-MM".Length, "YYYY-MM".Length, "value".Length]);
        Sheet(workbook, "Indicators", ["indicator", "name", "unit"], stored.Select(i => new[] { i.Id, i.Name, Unit(i) }).ToList(), []);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>A sheet with a bold header and rows of text, each column as wide as its longest text or <paramref name="widest"/>.</summary>
    private static void Sheet(XLWorkbook workbook, string name, string[] header, IReadOnlyList<string[]> rows, int[] widest)
    {
        var sheet = workbook.AddWorksheet(name);
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = header[c];
            for (var r = 0; r < rows.Count; r++) sheet.Cell(r + 2, c + 1).SetValue(rows[r][c]);
            var longest = rows.Select(row => row[c].Length).Append(header[c].Length).Append(c < widest.Length ? widest[c] : 0).Max();
            sheet.Column(c + 1).Width = longest + 2;
        }
        sheet.Row(1).Style.Font.Bold = true;
    }

    private static string Unit(Indicator indicator) => indicator.Unit.ToString().ToLowerInvariant();
}
