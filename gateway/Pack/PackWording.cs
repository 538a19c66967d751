namespace PlanServices.Gateway.Pack;

/// <summary>The words the pack prints, once, for every renderer (HTML and so PDF, DOCX).</summary>
public static class PackWording
{
    public const string Draft = "DRAFT: this pack contains papers that are not yet published.";
    public const string Agenda = "Agenda";
    public static readonly string[] AgendaColumns = ["Item", "Time", "Agenda Item", "Page Number"];
    public const string NextMeetings = "Dates of Next Scrutiny Meetings";
    public const string Enquiries = "Enquiries";
    public const string MinutesHeading = "Summary of the PCC Accountability Meeting";
    public const string Apologies = "1.1 Apologies for absence";
    public const string NoDeclarations = "There were none declared.";
    public const string NoOtherBusiness = "None raised.";
    public const string Actions = "Actions";
    public static readonly string[] ActionColumns = ["Description of Action", "Owner", "Action Update/Decision"];

    /// <summary>How an action's update ends in the log, saying where it stands: "New Action.", "Action Live.", "Action Closed.".</summary>
    public static string ActionStatus(string status) => status switch { "New" => "New Action.", "Live" => "Action Live.", _ => "Action Closed." };

    /// <summary>The updates the log prints for an action, without the words saying where it stands.</summary>
    public static string ActionUpdates(ActionLine action) =>
        action.Update.EndsWith(ActionStatus(action.Status), StringComparison.Ordinal) ? action.Update[..^ActionStatus(action.Status).Length].TrimEnd() : action.Update;
    public const string Signatures = "Signatures";
    public const string Method = "About the figures";

    public const string ChartValues = "Monthly value";
    public const string ChartMean = "Mean";
    public const string ChartLimits = "Process limits";
    public static readonly string[] ChartColumns = ["Month", "Value", "Mean", "Lower process limit", "Upper process limit", "What it shows"];

    public static string ChartHeading(string title) => $"Chart: {title}";
    public static string ChartData(string title) => $"The figures behind the chart: {title}";
    public static string ChartTarget(string target) => $"Target ({target})";

    /// <summary>What a point or a chart shows, in words: "Special cause, improving".</summary>
    public static string Variation(string variation) => variation switch
    {
        "common-cause" => "Common cause",
        "special-cause-improving" => "Special cause, improving",
        "special-cause-concerning" => "Special cause, concerning",
        "special-cause-neither" => "Special cause",
        _ => "Not enough data for limits",
    };

    private static string Rule(string rule) => rule switch
    {
        "outside-limits" => "beyond a process limit",
        "shift" => "7 or more in a row on one side of the mean",
        "trend" => "7 or more in a row rising or falling",
        _ => "2 of 3 close to a limit",
    };

    /// <summary>The chart's figures as table rows (month, value, mean, limits, what it shows), for readers who cannot see it.</summary>
    public static IReadOnlyList<string[]> ChartRows(PackChart chart) =>
        chart.Segments.SelectMany(s => s.Points.Select(p => new[]
        {
            DateOnly.ParseExact(p.Month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
            p.Text, s.MeanText, s.LowerLimitText, s.UpperLimitText,
            s.Mean is null ? Variation("not-enough-data")
                : p.Rules.Count == 0 ? Variation(p.Variation) : $"{Variation(p.Variation)}: {string.Join("; ", p.Rules.Select(Rule))}",
        })).ToList();

    /// <summary>Each figure of the narrative that differs from the tables: "“+44.5 percent” (crack-down-on-crime): the figures give +71.3%; 108 → 185 ...".</summary>
    public static IEnumerable<string> Contradictions(PaperSection paper) =>
        paper.Objectives.SelectMany(o => o.Claims.Where(c => c.Status == "contradicts").Select(c => $"“{c.Text}” under {o.Title}: the figures give {c.Derived}; {c.Rule}."));

    /// <summary>Why a table has no data for the period, as the paper's author put it.</summary>
    public static string DataNote(string note) => $"No data for this period: {note}";

    public static string ReportingPeriod(string dates) => $"Reporting period: {dates}";

    public static string NextMeeting(DateOnly date) => $"Date of Next Meeting: {PackAssembler.Day(date)}.";

    public static string Objectives(string pillarTitle) => $"{pillarTitle.ToUpperInvariant()} OBJECTIVES";

    /// <summary>The cover block's terms, in the order the pack prints them.</summary>
    public static IReadOnlyList<(string Term, string Value)> Cover(CoverLine cover) =>
    [
        ("ORIGINATOR", cover.Originator), ("REASON FOR SUBMISSION", cover.ReasonForSubmission), ("SUBMITTED TO", cover.SubmittedTo),
        ("SUBJECT", cover.Subject), ("SUMMARY", cover.Summary), ("RECOMMENDATION", cover.Recommendation),
    ];

    /// <summary>What a figure with a target says of it, on its unrounded value: " (target met)", " (target missed)" or nothing.</summary>
    public static string Target(bool? met) => met switch { true => " (target met)", false => " (target missed)", _ => "" };
    public const string CorrectionsHeading = "Corrections to this pack";

    public static string Incomplete(IEnumerable<string> missing) =>
        $"This pack is incomplete: {string.Join(", ", missing)} could not be retrieved. The missing parts are marked where they belong.";

    /// <summary>"Version 2 of this pack, published 2 December 2026 (first published 21 April 2026)."</summary>
    public static string Version(Publication publication) => publication.Version == 1
        ? $"Version 1 of this pack, published {PackAssembler.Day(publication.FirstPublished)}."
        : $"Version {publication.Version} of this pack, published {PackAssembler.Day(publication.ThisVersion)} (first published {PackAssembler.Day(publication.FirstPublished)}). The corrections are listed below.";

    /// <summary>"Priority 2 – Cohesive Communities", as the Plan numbers its priorities.</summary>
    public static string Priority(int number, string title) => $"Priority {number} – {title}";

    public static string ConfirmPrevious(DateOnly date) => $"Confirm the Minutes and Actions of the Previous Meeting Held on {PackAssembler.Day(date)}";

    /// <summary>
    /// The items of the minutes, numbered as the meeting took them: 1 attendance (1.1 apologies), 2 declarations,
    /// 3 the previous minutes (when the meeting confirmed any), then public questions, each priority, risks, any other business.
    /// </summary>
    public static IReadOnlyList<(string Number, string Heading)> MinutesItems(MinutesSection minutes)
    {
        var items = new List<string> { "In attendance", "Declarations of Personal and/or Prejudicial Interests" };
        if (minutes.PreviousMinutes is { } previous) items.Add(ConfirmPrevious(previous.Date));
        items.Add("Public Questions");
        items.AddRange(minutes.Priorities.Select(p => $"Police and Crime Plan: {p.Heading} – {p.Title}"));
        items.AddRange(["Emerging Operational/Organisational Risks", "Any Other Business"]);
        return items.Select((heading, i) => ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), heading)).ToList();
    }

    public static string Correction(CorrectionEntry correction) => $"Version {correction.Version}, {PackAssembler.Day(correction.On)}: {correction.Reason}";
}
