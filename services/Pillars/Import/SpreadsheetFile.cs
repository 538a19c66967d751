using System.Globalization;
using ClosedXML.Excel;
using PlanServices.Pillars.Domain;

namespace PlanServices.Pillars.Import;

/// <summary>
/// Reads figures from an Excel workbook as analysts keep them: on the first sheet, a header row
/// <c>indicator, from, to, value</c> and optionally <c>kind</c> (any case), then one row per figure. Months may be typed as text (<c>2025-12</c>)
/// or be Excel dates (the month of the date is taken); values are numbers, or times (00:07:31) for an indicator printed as a
/// clock. Empty rows are skipped. Errors name the
/// row as Excel numbers it; the rules are those of the CSV format.
/// </summary>
public static class SpreadsheetFile
{
    public static List<ObservationLine> Read(byte[] bytes, Catalogue catalogue, List<Violation> errors)
    {
        var lines = new List<ObservationLine>();
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(bytes));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            errors.Add(new("", $"the file is not an Excel workbook (.xlsx) that can be read: {e.Message}"));
            return lines;
        }
        using (workbook)
        {
            var sheet = workbook.Worksheets.First();
            var rows = sheet.RowsUsed().ToList();
            if (rows.Count == 0)
            {
                errors.Add(new("", $"{ObservationFile.Empty} (its first sheet, '{sheet.Name}', holds nothing)"));
                return lines;
            }
            var header = rows[0].Cells(1, 5).Select(c => c.GetString().Trim().ToLowerInvariant()).ToArray();
            var withKind = header.SequenceEqual(ObservationFile.HeaderWithKind);
            if (!withKind && !header[..4].SequenceEqual(ObservationFile.Header) || !withKind && header[4] != "")
            {
                errors.Add(new($"row {rows[0].RowNumber()}", $"the header must be 'indicator, from, to, value' or 'indicator, from, to, value, kind' (found '{string.Join(", ", header.Where(h => h != ""))}')"));
                return lines;
            }
            foreach (var row in rows.Skip(1))
            {
                var (at, id) = ($"row {row.RowNumber()}", row.Cell(1).GetString().Trim());
                if (ObservationFile.Value(at, id, Value(row.Cell(4)), catalogue, errors) is not { } number) continue;
                var kind = withKind ? row.Cell(5).GetString().Trim() : "";
                if (ObservationFile.Check(row.RowNumber(), at, id, Month(row.Cell(2)), Month(row.Cell(3)), number, kind, catalogue, errors) is { } line)
                    lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>A value cell as the CSV format writes it: a number, or a time typed as one (00:07:31) as HH:MM:SS.</summary>
    private static string Value(IXLCell cell) => cell.DataType switch
    {
        XLDataType.TimeSpan => Clock(cell.GetTimeSpan()),
        XLDataType.DateTime when cell.GetDateTime().ToOADate() < 1 => Clock(cell.GetDateTime().TimeOfDay),
        XLDataType.Number when cell.TryGetValue(out decimal number) => number.ToString(CultureInfo.InvariantCulture),
        _ => cell.GetString().Trim(),
    };

    /// <summary>Excel keeps a time as a fraction of a day: rounded to the second it was typed as.</summary>
    private static string Clock(TimeSpan time)
    {
        var seconds = (long)Math.Round(time.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds % 3600 / 60:00}:{seconds % 60:00}");
    }

    private static string Month(IXLCell cell) =>
        cell.DataType == XLDataType.DateTime ? cell.GetDateTime().ToString("yyyy-MM", CultureInfo.InvariantCulture) : cell.GetString().Trim();
}
