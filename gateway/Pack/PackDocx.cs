using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// The pack as an editable Word document: real headings (Heading 1–4, so the navigation pane works), real
/// tables with repeating header rows, bullets with one level of sub-bullets, "Page N of M" in the footer, the
/// agenda's page numbers as PAGEREF fields to bookmarks on each part (Word updates them on opening), and the
/// meeting's title and date in the document's properties. All text goes in as text.
/// </summary>
public static class PackDocx
{
    private const int BulletNumbering = 1;
    // A4 and its margins, in twentieths of a point.
    private const int PageWidth = 11906, Margin = 1000, TextWidth = PageWidth - 2 * Margin;

    public static byte[] Render(PackDocument pack)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            AddNumbering(main);
            var body = new Body();
            main.Document = new Document(body);
            Write(pack, body, main);
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                new Run(new Text("Page ") { Space = SpaceProcessingModeValues.Preserve }), Field("PAGE", "1"),
                new Run(new Text(" of ") { Space = SpaceProcessingModeValues.Preserve }), Field("NUMPAGES", "1")));
            body.Append(new SectionProperties(new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new PageSize { Width = PageWidth, Height = 16838 }, new PageMargin { Top = Margin, Bottom = Margin, Left = Margin, Right = Margin, Footer = 500 }));
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
            var meetingDay = pack.Front.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            document.PackageProperties.Title = $"{pack.Front.Title} – {PackAssembler.Day(pack.Front.Date)}";
            document.PackageProperties.Subject = $"The pack of the meeting: reporting period {pack.Front.ReportingPeriod}";
            document.PackageProperties.Creator = "Office of the Police and Crime Commissioner for Norfolk";
            document.PackageProperties.Created = meetingDay;
            document.PackageProperties.Modified = pack.Publication is { } p ? p.ThisVersion.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : meetingDay;
            if (pack.Publication is { } published) document.PackageProperties.Version = published.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return stream.ToArray();
    }

    /// <summary>A PNG inline, 16.5 cm wide, with its alternative text (read by screen readers in Word).</summary>
    private static Paragraph Image(MainDocumentPart main, byte[] png, string name, string alternative)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(png)) part.FeedData(data);
        const long width = 5940000;
        const long height = width * TrendChart.Height / TrendChart.Width;
        var id = (uint)main.ImageParts.Count();
        var picture = new PIC.Picture(
            new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = name + ".png" }, new PIC.NonVisualPictureDrawingProperties()),
            new PIC.BlipFill(new A.Blip { Embed = main.GetIdOfPart(part) }, new A.Stretch(new A.FillRectangle())),
            new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = width, Cy = height }),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle }));
        var inline = new DW.Inline(
            new DW.Extent { Cx = width, Cy = height },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = name, Description = alternative },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(picture) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };
        return new Paragraph(new Run(new Drawing(inline)));
    }

    /// <summary>A field Word computes (PAGE, NUMPAGES, PAGEREF bookmark \h), showing <paramref name="shown"/> until it does.</summary>
    private static SimpleField Field(string instruction, string shown) =>
        new(new Run(new Text(shown))) { Instruction = $" {instruction} " };

    /// <summary>A heading that an agenda line's PAGEREF points to.</summary>
    private static Paragraph Bookmarked(Paragraph heading, string name, int number)
    {
        var id = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        heading.InsertAfter(new BookmarkStart { Id = id, Name = Bookmark(name) }, heading.ParagraphProperties);
        heading.Append(new BookmarkEnd { Id = id });
        return heading;
    }

    /// <summary>Word bookmark names: letters, digits and underscores, starting with a letter.</summary>
    private static string Bookmark(string section) => "part_" + section.Replace('-', '_');

    private static void Write(PackDocument pack, Body body, MainDocumentPart main)
    {
        var front = pack.Front;
        body.Append(Heading(1, front.Title));
        if (front.Purpose.Length > 0) body.Append(Text($"(Purpose: {front.Purpose})"));
        body.Append(Text($"Date: {PackAssembler.Day(front.Date)}"), Text($"Time: {front.StartTime}"), Text($"Venue: {front.Venue}"), Text(PackWording.ReportingPeriod(front.ReportingPeriod)));
        if (pack.Partial) body.Append(Text(PackWording.Incomplete(pack.Missing), bold: true));
        if (pack.Publication is null && pack.Papers.Any(p => p.Status is not null && p.Status != "Published")) body.Append(Text(PackWording.Draft, bold: true));
        if (pack.Publication is { } publication)
        {
            body.Append(Text(PackWording.Version(publication), bold: true));
            if (publication.Corrections.Count > 0)
            {
                body.Append(Heading(2, PackWording.CorrectionsHeading));
                foreach (var correction in publication.Corrections)
                {
                    body.Append(Heading(3, PackWording.Correction(correction)));
                    foreach (var change in correction.Changes) body.Append(Bullet(1, [new TextRun(change, false, false)]));
                }
            }
        }
        body.Append(Heading(2, PackWording.Agenda));
        var agenda = Table(PackWording.AgendaColumns,
            front.Agenda.Select(a => (IReadOnlyList<string>)[a.Number is { } n ? $"{n}." : "", a.Time, a.Title, a.Section is null ? a.Page : ""]).ToList());
        foreach (var (row, item) in agenda.Elements<TableRow>().Skip(1).Zip(front.Agenda))
            if (item.Section is { } section)
                row.Elements<TableCell>().Last().GetFirstChild<Paragraph>()!.Append(new Run(new Text("Page ") { Space = SpaceProcessingModeValues.Preserve }),
                    Field($"PAGEREF {Bookmark(section)} \\h", item.Page.StartsWith("Page ", StringComparison.Ordinal) ? item.Page["Page ".Length..] : "?"));
        body.Append(agenda);
        if (front.NextMeetings.Count > 0)
        {
            body.Append(Heading(2, PackWording.NextMeetings));
            foreach (var next in front.NextMeetings) body.Append(Bullet(1, [new TextRun(next.Title + ": " + PackAssembler.Day(next.Date) + " from " + next.StartTime + (next.EndTime.Length > 0 ? " – " + next.EndTime : ""), false, false)]));
        }
        body.Append(Heading(2, PackWording.Enquiries));
        foreach (var line in front.Contact) body.Append(Text(line));
        foreach (var notice in front.LanguageNotices) body.Append(Text(notice.Text, language: notice.Language));

        body.Append(PageBreak());
        if (pack.Minutes is { } minutes)
        {
            body.Append(Bookmarked(Heading(2, PackWording.MinutesHeading), "minutes", 1), Text($"Date: {PackAssembler.Day(minutes.Date)}"), Text($"Venue: {minutes.Venue}"), Text($"Status: {minutes.Status}"));
            var items = new Queue<(string Number, string Heading)>(PackWording.MinutesItems(minutes));
            Paragraph Item()
            {
                var (number, heading) = items.Dequeue();
                return Heading(3, $"{number}. {heading}");
            }
            Paragraph Point(string text) => Bullet(1, [new TextRun(text, false, false)]);
            body.Append(Item());
            foreach (var p in minutes.Attendance) body.Append(Point($"{p.Role} – {p.Name}, {p.Organisation}"));
            body.Append(Heading(3, PackWording.Apologies));
            foreach (var p in minutes.Apologies) body.Append(Point($"{p.Role} – {p.Name}, {p.Organisation}"));
            body.Append(Item());
            foreach (var d in minutes.Declarations.DefaultIfEmpty(PackWording.NoDeclarations)) body.Append(Point(d));
            if (minutes.PreviousMinutes is { } previous)
            {
                body.Append(Item());
                foreach (var line in previous.Record) body.Append(Point(line));
            }
            body.Append(Item(), Table(["Public Question", "Constabulary Answer"], minutes.PublicQuestions.Select(q => (IReadOnlyList<string>)[q.Question, q.Answer]).ToList()));
            foreach (var priority in minutes.Priorities)
                body.Append(Item(), Table(["PCC Question", "Constabulary Answer"], priority.Questions.Select(q => (IReadOnlyList<string>)[q.Question, q.Answer]).ToList()));
            body.Append(Item());
            foreach (var r in minutes.EmergingRisks) body.Append(Point(r));
            body.Append(Item());
            foreach (var a in minutes.AnyOtherBusiness.DefaultIfEmpty(PackWording.NoOtherBusiness)) body.Append(Point(a));
        }
        if (pack.Actions is { } actions)
        {
            body.Append(Heading(3, PackWording.Actions), Table(PackWording.ActionColumns,
                actions.Actions.Select(a => (IReadOnlyList<string>)[$"Action {a.Number} ({a.DateRaised:d MMMM yyyy}): {a.Description}", a.OwnerName, a.Update]).ToList()));
            body.Append(Text(PackWording.NextMeeting(actions.NextMeeting)));
        }
        if (pack.Minutes is { Signatories.Count: > 0 } signed)
        {
            body.Append(Heading(3, PackWording.Signatures));
            foreach (var s in signed.Signatories)
                body.Append(new Paragraph(new ParagraphProperties(new KeepNext(), new KeepLines()),
                    new Run(new Text("……………………………………"), new Break(), new Text(s.Name), new Break(), new Text(s.Role))));
        }

        foreach (var paper in pack.Papers)
        {
            body.Append(PageBreak(), Bookmarked(Heading(2, PackWording.Objectives(paper.Title)), $"paper-{paper.Pillar}", 2 + pack.Papers.ToList().IndexOf(paper)));
            if (paper.Missing is not null) body.Append(Text(paper.Missing, bold: true));
            foreach (var note in paper.CorrectionNotes) body.Append(Text($"Correction: {note}", bold: true));
            if (paper.Cover is { } c)
                foreach (var (term, value) in PackWording.Cover(c))
                    body.Append(new Paragraph(new Run(new RunProperties(new Bold()), new Text($"{term}: ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text(value))));
            if (paper.FiguresChecked.Length > 0)
            {
                body.Append(Text(paper.FiguresChecked, italic: true));
                foreach (var differing in PackWording.Contradictions(paper)) body.Append(Bullet(1, [new TextRun(differing, false, false)]));
            }
            foreach (var objective in paper.Objectives)
            {
                body.Append(Heading(3, objective.Title), Text(objective.Description, italic: true));
                foreach (var table in objective.Tables)
                {
                    body.Append(Text($"Table {table.Number}: {table.Caption}", bold: true));
                    body.Append(Table(table.Columns, table.Rows.Select(r => (IReadOnlyList<string>)[.. (table.LabelColumns == 2 ? new[] { r.Group } : []), r.Label,
                        .. r.Cells.Select(cell => cell.Text + PackWording.Target(cell.TargetMet))]).ToList(), figures: table.Columns.Count - table.LabelColumns));
                    if (table.DateRangeNote.Length > 0) body.Append(Text(table.DateRangeNote));
                    if (table.Note.Length > 0) body.Append(Text(table.Note));
                    if (table.DataNote.Length > 0) body.Append(Text(PackWording.DataNote(table.DataNote)));
                }
                foreach (var chart in objective.Charts)
                {
                    body.Append(Text(PackWording.ChartHeading(chart.Title), bold: true));
                    if (chart.Segments.Count > 0) body.Append(Image(main, TrendChart.Png(chart), $"chart-{chart.Id}", $"{chart.Title}. {chart.Summary}"));
                    body.Append(Text(chart.Summary));
                    var rows = PackWording.ChartRows(chart);
                    if (rows.Count > 0)
                        body.Append(Text(PackWording.ChartData(chart.Title), italic: true), Table(PackWording.ChartColumns, rows.Select(r => (IReadOnlyList<string>)r).ToList()));
                }
                foreach (var block in NarrativeText.Blocks(objective.Narrative))
                    body.Append(block.Kind switch
                    {
                        BlockKind.Heading => Heading(4, string.Concat(block.Runs.Select(r => r.Text))),
                        BlockKind.Bullet => Bullet(1, block.Runs),
                        BlockKind.SubBullet => Bullet(2, block.Runs),
                        _ => Runs(new Paragraph(), block.Runs),
                    });
            }
        }
        body.Append(PageBreak(), Heading(2, PackWording.Method), Text(pack.Method));
    }

    private static Paragraph Heading(int level, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }), new Run(new Text(text)));

    private static Paragraph Text(string text, bool bold = false, bool italic = false, string? language = null)
    {
        var properties = new RunProperties();
        if (bold) properties.Append(new Bold());
        if (italic) properties.Append(new Italic());
        if (language is not null) properties.Append(new Languages { Val = language, Bidi = language });
        return new Paragraph(new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Paragraph Bullet(int level, IEnumerable<TextRun> runs) => Runs(new Paragraph(new ParagraphProperties(
        new ParagraphStyleId { Val = "ListParagraph" },
        new NumberingProperties(new NumberingLevelReference { Val = level - 1 }, new NumberingId { Val = BulletNumbering }))), runs);

    private static Paragraph Runs(Paragraph paragraph, IEnumerable<TextRun> runs)
    {
        foreach (var run in runs)
        {
            var properties = new RunProperties();
            if (run.Bold) properties.Append(new Bold());
            if (run.Italic) properties.Append(new Italic());
            paragraph.Append(new Run(properties, new Text(run.Text) { Space = SpaceProcessingModeValues.Preserve }));
        }
        return paragraph;
    }

    private static Paragraph PageBreak() => new(new Run(new Break { Type = BreakValues.Page }));

    /// <summary>
    /// A table across the text width, its columns sized to their content (<see cref="Widths"/>) and fixed so that every
    /// word processor draws them so; the last <paramref name="figures"/> columns hold figures, right-aligned as in the HTML.
    /// </summary>
    private static Table Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int figures = 0)
    {
        var border = new BorderType[] { new TopBorder(), new LeftBorder(), new BottomBorder(), new RightBorder(), new InsideHorizontalBorder(), new InsideVerticalBorder() }; // in the schema's order
        foreach (var b in border) { b.Val = BorderValues.Single; b.Size = 4; }
        var widths = Widths(headers, rows);
        var table = new Table(
            new TableProperties(new TableStyle { Val = "TableGrid" }, new TableWidth { Type = TableWidthUnitValues.Dxa, Width = $"{widths.Sum()}" },
                new TableBorders(border), new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(widths.Select(w => new GridColumn { Width = $"{w}" })));
        table.Append(Row(headers, widths, header: true, figuresFrom: headers.Count));
        foreach (var row in rows) table.Append(Row(row, widths, header: false, figuresFrom: headers.Count - figures));
        return table;
    }

    /// <summary>
    /// Column widths in proportion to each column's longest text: a heading counts by its longest word (headings wrap),
    /// a column at least 5 characters and at most 50 (a long answer wraps rather than squeezing its neighbours).
    /// </summary>
    private static int[] Widths(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var weights = headers.Select((heading, c) => Math.Clamp(
            rows.Select(r => r[c].Length).Append(heading.Split(' ').Max(word => word.Length)).Max(), 5, 50)).ToArray();
        return weights.Select(w => TextWidth * w / weights.Sum()).ToArray();
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header, int figuresFrom)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader()));
        for (var c = 0; c < cells.Count; c++)
        {
            var run = new Run(new Text(cells[c]) { Space = SpaceProcessingModeValues.Preserve });
            if (header) run.PrependChild(new RunProperties(new Bold()));
            var paragraph = c >= figuresFrom ? new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Right }), run) : new Paragraph(run);
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = $"{widths[c]}" }), paragraph));
        }
        return row;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = new Styles(
            new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Arial", HighAnsi = "Arial" }, new FontSize { Val = "22" }, new Languages { Val = "en-GB" }))),
            new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(new StyleName { Val = "List Paragraph" }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "ListParagraph" },
            new Style(new StyleName { Val = "Table Grid" }) { Type = StyleValues.Table, StyleId = "TableGrid" });
        foreach (var level in Enumerable.Range(1, 4))
            styles.Append(new Style(
                new StyleName { Val = $"heading {level}" }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" },
                new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level - 1 }),
                new StyleRunProperties(new Bold(), new FontSize { Val = (36 - level * 4).ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            { Type = StyleValues.Paragraph, StyleId = $"Heading{level}" });
        main.AddNewPart<StyleDefinitionsPart>().Styles = styles;
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var abstractNumbering = new AbstractNum(
            new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" }, new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" })) { LevelIndex = 0 },
            new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "o" }, new PreviousParagraphProperties(new Indentation { Left = "1440", Hanging = "360" })) { LevelIndex = 1 })
        { AbstractNumberId = 1 };
        main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(abstractNumbering, new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = BulletNumbering });
    }
}
