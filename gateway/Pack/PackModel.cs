namespace PlanServices.Gateway.Pack;

/// <summary>
/// One quarterly pack, the single model every format renders (HTML, PDF, DOCX, JSON; schema in
/// docs/pack.schema.json). Sections come in the order of the April 2026 pack.
/// </summary>
public sealed record PackDocument(
    string MeetingId,
    bool Partial,
    IReadOnlyList<string> Missing,
    FrontPage Front,
    MinutesSection? Minutes,
    ActionLogSection? Actions,
    IReadOnlyList<PaperSection> Papers,
    string Method,
    Publication? Publication = null);

/// <summary>
/// Which published version a pack is: null for a draft. <see cref="Corrections"/> lists every correction up to this
/// version, oldest first, each with its reason and the changes it made.
/// </summary>
public sealed record Publication(int Version, DateOnly FirstPublished, DateOnly ThisVersion, IReadOnlyList<CorrectionEntry> Corrections);

public sealed record CorrectionEntry(int Version, DateOnly On, string Reason, IReadOnlyList<string> Changes);

public sealed record FrontPage(
    string Title,
    string Purpose,
    DateOnly Date,
    string StartTime,
    string Venue,
    string ReportingPeriod,
    IReadOnlyList<AgendaLine> Agenda,
    IReadOnlyList<NextMeetingLine> NextMeetings,
    IReadOnlyList<string> Contact,
    IReadOnlyList<LanguageNotice> LanguageNotices);

/// <summary>
/// An agenda line. <see cref="Page"/>: "Verbal Update", the page its section starts on in the PDF ("Page 15", set when the
/// pack is published), or empty; <see cref="Section"/> links a paper item to its section.
/// </summary>
public sealed record AgendaLine(int? Number, string Time, string Title, string Page, string? Section);

public sealed record NextMeetingLine(string Title, DateOnly Date, string StartTime, string EndTime);

/// <summary>The standard notice on obtaining the pack in another language, in that language.</summary>
public sealed record LanguageNotice(string Language, string Text);

public sealed record PersonLine(string Name, string Role, string Organisation);

public sealed record QuestionLine(string Question, string Answer);

/// <summary>A priority's item of the minutes; <see cref="Heading"/> names it as the Plan does ("Priority 2 – Cohesive Communities").</summary>
public sealed record PriorityLine(string Pillar, string Heading, string Title, IReadOnlyList<QuestionLine> Questions);

/// <summary>The item confirming the minutes of the meeting before, as recorded.</summary>
public sealed record PreviousMinutesLine(DateOnly Date, IReadOnlyList<string> Record);

public sealed record MinutesSection(
    string MeetingId,
    DateOnly Date,
    string Venue,
    string Status,
    IReadOnlyList<PersonLine> Attendance,
    IReadOnlyList<PersonLine> Apologies,
    IReadOnlyList<string> Declarations,
    IReadOnlyList<QuestionLine> PublicQuestions,
    IReadOnlyList<PriorityLine> Priorities,
    PreviousMinutesLine? PreviousMinutes,
    IReadOnlyList<string> EmergingRisks,
    IReadOnlyList<string> AnyOtherBusiness,
    IReadOnlyList<PersonLine> Signatories);

/// <summary>An action as the log prints it: <see cref="Owner"/> is the owner's id, <see cref="OwnerTitle"/> as readers know it (empty in packs published before it was recorded).</summary>
public sealed record ActionLine(int Number, DateOnly DateRaised, string Description, string Owner, string Update, string Status, string OwnerTitle = "")
{
    public string OwnerName => OwnerTitle.Length > 0 ? OwnerTitle : Owner;
}

public sealed record ActionLogSection(IReadOnlyList<ActionLine> Actions, DateOnly NextMeeting);

public sealed record CoverLine(string Originator, string ReasonForSubmission, string SubmittedTo, string Subject, string Summary, string Recommendation);

/// <summary>A priority's paper; <see cref="Missing"/> says plainly why it is absent when its service could not be read.</summary>
public sealed record PaperSection(
    string Pillar,
    string Title,
    string? Status,
    int? Version,
    string? Missing,
    CoverLine? Cover,
    IReadOnlyList<ObjectiveSection> Objectives,
    IReadOnlyList<string> CorrectionNotes)
{
    /// <summary>"Figures checked: of 23 figures the narrative quotes ..., 21 match the tables, ...": empty when the paper is missing.</summary>
    public string FiguresChecked { get; init; } = "";
}

public sealed record ObjectiveSection(string Id, string Title, string Description, IReadOnlyList<PackTable> Tables, string Narrative)
{
    /// <summary>Trend charts with their XmR analysis, printed after the tables.</summary>
    public IReadOnlyList<PackChart> Charts { get; init; } = [];
    /// <summary>Every figure the narrative quotes about the paper's measures, checked against them (docs/narrative-claims.md).</summary>
    public IReadOnlyList<PackClaim> Claims { get; init; } = [];
}

/// <summary>
/// A figure the narrative quotes: <see cref="Status"/> matches, contradicts or unlinked; <see cref="Derived"/> the engine's
/// figure as the tables print it; <see cref="Rule"/> why it contradicts or could not be checked.
/// </summary>
public sealed record PackClaim(string Text, string Kind, string Indicator, string Window, string Status, string Derived, string Rule);

/// <summary>
/// A trend chart and its analysis ("Making Data Count", docs/variation.md). <see cref="Variation"/>: not-enough-data,
/// common-cause, special-cause-improving, -concerning or -neither, for the latest month; <see cref="Assurance"/>:
/// not-applicable, consistently-passing, consistently-failing or inconsistent. <see cref="Summary"/> is the text equivalent.
/// </summary>
public sealed record PackChart(
    string Id,
    string Indicator,
    string Title,
    string From,
    string To,
    string Variation,
    string Assurance,
    string Summary,
    double? Target,
    string TargetText,
    string Improvement,
    IReadOnlyList<PackChartSegment> Segments,
    IReadOnlyList<string> MissingMonths);

/// <summary>A run of months with one set of limits; the limits are null under 12 points.</summary>
public sealed record PackChartSegment(
    string From,
    string To,
    string ChangeReason,
    double? Mean,
    double? UpperLimit,
    double? LowerLimit,
    string MeanText,
    string UpperLimitText,
    string LowerLimitText,
    IReadOnlyList<PackChartPoint> Points);

/// <summary>A month of the chart: its value, the special-cause rules it triggers and what it shows (as <see cref="PackChart.Variation"/>).</summary>
public sealed record PackChartPoint(string Month, double Value, string Text, IReadOnlyList<string> Rules, string Variation);

/// <summary>A table with its number across the whole pack.</summary>
public sealed record PackTable(
    int Number,
    string Id,
    string Caption,
    IReadOnlyList<string> Columns,
    int LabelColumns,
    IReadOnlyList<PackRow> Rows,
    string DateRangeNote,
    string Note,
    string DataNote = "");

public sealed record PackRow(string Group, string Label, IReadOnlyList<PackCell> Cells, bool Summary, string Indicator = "");

public sealed record PackCell(string Text, double? Value, bool? TargetMet);
