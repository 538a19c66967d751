using System.Globalization;
using ClosedXML.Excel;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Import;

/// <summary>
/// Reads figures from an Excel workbook as analysts keep them: on the first sheet, a header row
/// <c>indicator, from, to, value</c> and optionally <c>kind</c> (any case), then one row per figure. Months may be typed as text (<c>2025-12</c>)
/// or be Excel dates (the month of the date is taken); values are numbers. Empty rows are skipped. Errors name the
/// row as Excel numbers it; the rules are those of the CSV format.
/// </summary>
public static class SpreadsheetFile
{
    public static List<ObservationLine> Read(byte[] bytes, Catalogue catalogue, List<string> errors)
    {
        var lines = new List<ObservationLine>();
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(bytes));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            errors.Add($"the file is not an Excel workbook (.xlsx) that can be read: {e.Message}");
            return lines;
        }
        using (workbook)
        {
            var sheet = workbook.Worksheets.First();
            var rows = sheet.RowsUsed().ToList();
            if (rows.Count == 0)
            {
                errors.Add($"sheet '{sheet.Name}' is empty: expected the header 'indicator, from, to, value' and rows");
                return lines;
            }
            var header = rows[0].Cells(1, 5).Select(c => c.GetString().Trim().ToLowerInvariant()).ToArray();
            var withKind = header.SequenceEqual(ObservationFile.HeaderWithKind);
            if (!withKind && !header[..4].SequenceEqual(ObservationFile.Header) || !withKind && header[4] != "")
            {
                errors.Add($"row {rows[0].RowNumber()}: the header must be 'indicator, from, to, value' or 'indicator, from, to, value, kind' (found '{string.Join(", ", header.Where(h => h != ""))}')");
                return lines;
            }
            foreach (var row in rows.Skip(1))
            {
                var at = $"row {row.RowNumber()}";
                var value = row.Cell(4);
                if (!value.TryGetValue(out decimal number))
                {
                    errors.Add($"{at}: value '{value.GetString()}' is not a number");
                    continue;
                }
                var kind = withKind ? row.Cell(5).GetString().Trim() : "";
                if (ObservationFile.Check(row.RowNumber(), at, row.Cell(1).GetString().Trim(), Month(row.Cell(2)), Month(row.Cell(3)), number, kind, catalogue, errors) is { } line)
                    lines.Add(line);
            }
        }
        return lines;
    }

    private static string Month(IXLCell cell) =>
        cell.DataType == XLDataType.DateTime ? cell.GetDateTime().ToString("yyyy-MM", CultureInfo.InvariantCulture) : cell.GetString().Trim();
}
