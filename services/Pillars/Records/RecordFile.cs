using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ClosedXML.Excel;
using PlanServices.Pillars.Import;

namespace PlanServices.Pillars.Records;

/// <summary>
/// A record system's export as a file (docs/records.md, "Files"): CSV or the first sheet of an Excel workbook, a header
/// naming the columns in any order, then a record per row. The header says the kind: crimes have <c>recorded_on</c> and
/// <c>offence</c>, calls <c>line</c>, incidents <c>grade</c>. A column that is not a record field is refused, so that a
/// file with names or addresses in it is never half-read.
/// </summary>
public static partial class RecordFile
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex IsoTime();

    public static readonly IReadOnlyDictionary<RecordKind, (string[] Required, string[] Optional)> Columns = new Dictionary<RecordKind, (string[], string[])>
    {
        [RecordKind.Crimes] = (["reference", "recorded_on", "offence", "district"], ["flags", "outcome", "outcome_on", "cancelled"]),
        [RecordKind.Calls] = (["reference", "received_at", "line"], ["answered_after_seconds", "district"]),
        [RecordKind.Incidents] = (["reference", "received_at", "grade"], ["attended_after_minutes", "district"]),
    };

    /// <summary>The kind of record a header names, or null when it is not a record file's header.</summary>
    public static RecordKind? KindOf(IReadOnlyList<string> header)
    {
        var names = header.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        return names.Contains("reference") is false ? null
            : names.Contains("offence") || names.Contains("recorded_on") ? RecordKind.Crimes
            : names.Contains("line") ? RecordKind.Calls
            : names.Contains("grade") ? RecordKind.Incidents
            : null;
    }

    /// <summary>Whether a file (by its name and first bytes) is a record file rather than figures.</summary>
    public static bool IsRecordFile(string fileName, byte[] bytes) => Header(fileName, bytes) is { } header && KindOf(header) is not null;

    private static IReadOnlyList<string>? Header(string fileName, byte[] bytes)
    {
        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var workbook = new XLWorkbook(new MemoryStream(bytes));
                return workbook.Worksheets.First().FirstRowUsed()?.CellsUsed().Select(c => c.GetString()).ToList();
            }
            catch (Exception e) when (e is not OutOfMemoryException) { return null; }
        }
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        while (reader.ReadLine() is { } line)
            if (!string.IsNullOrWhiteSpace(line) && !line.TrimStart().StartsWith('#')) return ObservationFile.Split(line);
        return null;
    }

    /// <summary>The records of a file, read as they are taken: a CSV row at a time. A bad header or row is thrown as a refusal of the file.</summary>
    public static IAsyncEnumerable<(string Place, SentRecord Record)> Read(string fileName, Stream content, CancellationToken ct = default) =>
        fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadWorkbookAsync(content, fileName, ct) : ReadCsvAsync(content, fileName, ct);

    private static async IAsyncEnumerable<(string, SentRecord)> ReadCsvAsync(Stream content, string source, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        Layout? layout = null;
        var number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var fields = ObservationFile.Split(line);
            if (layout is null) { layout = Layout.Of(fields, $"line {number}", source); continue; }
            yield return ($"line {number}", layout.Record(fields, $"line {number}", source));
        }
        if (layout is null) throw Refused(source, "", "the file is empty: expected a header naming the record's columns (docs/records.md) and a row per record");
    }

    private static async IAsyncEnumerable<(string, SentRecord)> ReadWorkbookAsync(Stream content, string source, [EnumeratorCancellation] CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(buffer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Refused(source, "", $"the file is not an Excel workbook (.xlsx) that can be read: {e.Message}");
        }
        using (workbook)
        {
            var rows = workbook.Worksheets.First().RowsUsed().ToList();
            if (rows.Count == 0) throw Refused(source, "", "the first sheet is empty: expected a header row naming the record's columns and a row per record");
            var width = rows[0].LastCellUsed().Address.ColumnNumber;
            var layout = Layout.Of([.. rows[0].Cells(1, width).Select(c => c.GetString())], $"row {rows[0].RowNumber()}", source);
            foreach (var row in rows.Skip(1))
                yield return ($"row {row.RowNumber()}", layout.Record([.. row.Cells(1, width).Select(Text)], $"row {row.RowNumber()}", source));
        }
    }

    /// <summary>A cell as a file's text: dates as YYYY-MM-DD, numbers without separators.</summary>
    private static string Text(IXLCell cell) => cell.DataType switch
    {
        XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        XLDataType.Number when cell.TryGetValue(out decimal number) => number.ToString(CultureInfo.InvariantCulture),
        _ => cell.GetString(),
    };

    private sealed class Layout(RecordKind kind, Dictionary<string, int> index)
    {
        public static Layout Of(List<string> header, string where, string source)
        {
            var names = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
            while (names.Count > 0 && names[^1].Length == 0) names.RemoveAt(names.Count - 1); // the empty columns a spreadsheet may write
            if (KindOf(names) is not { } kind)
                throw Refused(source, where, "the header names no kind of record: crimes have reference, recorded_on, offence and district; " +
                    "calls reference, received_at and line; incidents reference, received_at and grade (docs/records.md)");
            var (required, optional) = Columns[kind];
            var problems = names.Where(n => !required.Contains(n) && !optional.Contains(n))
                .Select(n => $"column '{RecordRules.Clip(n)}' is not a field of {kind.ToString().ToLowerInvariant()} records (they carry no personal data or free text)")
                .Concat(required.Where(r => !names.Contains(r)).Select(r => $"column '{r}' is missing"))
                .Concat(names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => $"column '{g.Key}' is given twice"))
                .ToList();
            if (problems.Count > 0)
                throw new ImportRejectedException(source, [.. problems.Select(p => new Violation(where, p)), new(where,
                    $"the columns of {kind.ToString().ToLowerInvariant()} records are {string.Join(", ", required.Concat(optional))}")]);
            return new Layout(kind, names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i));
        }

        public SentRecord Record(List<string> fields, string where, string source)
        {
            if (fields.Count != index.Count && !(fields.Count > index.Count && fields.Skip(index.Count).All(string.IsNullOrWhiteSpace)))
                throw Refused(source, where, $"expected {index.Count} fields, as the header names, found {fields.Count}");
            string Field(string name) => index.TryGetValue(name, out var i) && i < fields.Count ? fields[i].Trim() : "";
            return kind switch
            {
                RecordKind.Crimes => new SentRecord(kind, Field("reference"), Field("recorded_on"), Field("offence"),
                    Field("flags").Split([';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Field("district"), Field("outcome"), Field("outcome_on"), "", Field("cancelled")),
                _ => new SentRecord(kind, Field("reference"), Date(Field("received_at")), Field(kind == RecordKind.Calls ? "line" : "grade"), [],
                    Field("district"), "", "", Field(kind == RecordKind.Calls ? "answered_after_seconds" : "attended_after_minutes"), ""),
            };
        }

        /// <summary>
        /// A received time as its date in Norfolk when it is an ISO 8601 time with its offset (2025-04-30T23:30:00Z);
        /// anything else as given, for the rules to judge (a date is YYYY-MM-DD; a time without an offset is refused).
        /// </summary>
        private static string Date(string text) =>
            IsoTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? Norfolk.DateOf(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : text;
    }

    private static ImportRejectedException Refused(string source, string where, string rule) => new(source, [new Violation(where, rule)]);
}
