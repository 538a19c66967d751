using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlanServices.Accountability.Domain;

/// <summary>What an agenda item is: a paper (with a page in the pack), a verbal update, procedure, or a break.</summary>
public enum AgendaKind { Paper, VerbalUpdate, Procedural, Break }

/// <summary>
/// An agenda item. <see cref="Kind"/> is required (null is refused by the rules); <see cref="Number"/> is 0 for a break; <see cref="Time"/> is HH:MM or empty; <see cref="Pillar"/>
/// names the priority whose paper it is; <see cref="MinutesOf"/> the meeting whose minutes it confirms.
/// </summary>
public sealed record AgendaItem(int Number = 0, string Time = "", string Title = "", AgendaKind? Kind = null, string Pillar = "", string MinutesOf = "");

/// <summary>A date of a coming scrutiny meeting, as the front page lists them (YYYY-MM-DD, HH:MM).</summary>
public sealed record ScrutinyDate(string Title = "", string Date = "", string StartTime = "", string EndTime = "");

/// <summary>
/// A meeting the OPCCN holds. Dates and times are kept as given (YYYY-MM-DD, HH:MM) and checked by <see cref="Rules"/>;
/// <see cref="PeriodEnd"/> is the last month (YYYY-MM) of the reporting quarter its papers cover.
/// </summary>
public sealed record Meeting(string Id = "", string Title = "", string Date = "", string PeriodEnd = "", string Purpose = "", string StartTime = "", string Venue = "")
{
    public IReadOnlyList<AgendaItem> Agenda { get; init; } = [];
    public IReadOnlyList<ScrutinyDate> NextMeetings { get; init; } = [];

    /// <summary>What the pillars' new papers for this meeting say on their covers (empty: the pillars' defaults).</summary>
    public string PapersSubmittedTo { get; init; } = "";
    public string PapersOriginator { get; init; } = "";

    /// <summary>For the public: how to come to the meeting or watch it, in the OPCCN's words.</summary>
    public string HowToAttend { get; init; } = "";
    /// <summary>Where the meeting is broadcast (an https address), if it is.</summary>
    public string WatchAt { get; init; } = "";
    /// <summary>The last day public questions are taken (YYYY-MM-DD); empty: <see cref="PublicMeetings.QuestionDays"/> before the meeting.</summary>
    public string QuestionsClose { get; init; } = "";

    /// <summary>When the OPCCN published the agenda; kept with the meeting's row, not in its document.</summary>
    [JsonIgnore]
    public DateTimeOffset? AgendaPublishedAt { get; init; }
}

public sealed record Person(string Name = "", string Role = "", string Organisation = "");

public sealed record QuestionAndAnswer(string Question = "", string Answer = "");

/// <summary>The questions put on one priority's paper and the Constabulary's answers.</summary>
public sealed record PriorityDiscussion(string Pillar = "", string Title = "")
{
    public IReadOnlyList<QuestionAndAnswer> Questions { get; init; } = [];
}

/// <summary>
/// The minutes of a meeting, as the OPCCN recorded them. <see cref="ConfirmedAtMeetingId"/> names the later meeting that
/// confirmed them; from then on they never change.
/// </summary>
public sealed record Minutes(string MeetingId = "", string Venue = "")
{
    public IReadOnlyList<Person> Attendance { get; init; } = [];
    public IReadOnlyList<Person> Apologies { get; init; } = [];
    public IReadOnlyList<string> Declarations { get; init; } = [];
    public IReadOnlyList<QuestionAndAnswer> PublicQuestions { get; init; } = [];
    public IReadOnlyList<PriorityDiscussion> Priorities { get; init; } = [];
    public IReadOnlyList<string> EmergingRisks { get; init; } = [];
    public IReadOnlyList<string> AnyOtherBusiness { get; init; } = [];
    public string? ConfirmedAtMeetingId { get; init; }

    /// <summary>The item confirming the minutes of the meeting before: that meeting, and what was recorded.</summary>
    public string PreviousMeetingId { get; init; } = "";
    public IReadOnlyList<string> PreviousMinutes { get; init; } = [];
}

/// <summary>
/// How meetings and minutes are kept in the store and read from record files: JSON of the records above, camelCase,
/// kinds by name, an unknown field refused (it is a typo, not something to drop silently).
/// </summary>
public static class Documents
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        RespectNullableAnnotations = true,
    };

    public static string Write<T>(T record) => JsonSerializer.Serialize(record, Json);

    public static T Read<T>(string document) => JsonSerializer.Deserialize<T>(document, Json)!;
}
