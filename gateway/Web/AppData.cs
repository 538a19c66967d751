using System.Globalization;
using Grpc.Core;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Common;
using PlanServices.Gateway.Pack;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web;

/// <summary>A meeting still being worked on, as a page shows it: the meeting, its reporting period and the readiness of its pack.</summary>
public sealed record WorkingMeeting(Meeting Meeting, DateOnly Date, PackReadiness Readiness)
{
    public string Day => PackAssembler.Day(Date);
}

/// <summary>What the pages read from the services, always as the signed-in person.</summary>
public sealed class AppData(ServiceClients clients, UserCalls calls, TimeProvider clock, SuiteShape shape)
{
    /// <summary>The priorities of the Plan, in pack order.</summary>
    public IReadOnlyList<string> Pillars => shape.PillarIds;

    public bool IsPillar(string pillar) => shape.IsPillar(pillar);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public async Task<Metadata> AsUserAsync() => await calls.HeadersAsync();

    public AccountabilityService.AccountabilityServiceClient Accountability => clients.Accountability;

    public PillarService.PillarServiceClient Pillar(string pillar) => clients.Pillar(pillar);

    public async Task<IReadOnlyList<Meeting>> MeetingsAsync(CancellationToken ct) =>
        (await clients.Accountability.ListMeetingsAsync(new ListMeetingsRequest(), await AsUserAsync(), cancellationToken: ct)).Meetings;

    /// <summary>The meetings being prepared (Accountability decides which: docs/accountability.md), soonest first, with the readiness of their packs.</summary>
    public async Task<IReadOnlyList<WorkingMeeting>> WorkingAsync(CancellationToken ct)
    {
        var working = new List<WorkingMeeting>();
        foreach (var meeting in (await MeetingsAsync(ct)).OrderBy(Date))
            if (await ReadinessAsync(meeting.Id, ct) is { InPreparation: true } readiness) working.Add(new WorkingMeeting(meeting, Date(meeting), readiness));
        return working;
    }

    public async Task<PackReadiness> ReadinessAsync(string meetingId, CancellationToken ct) =>
        await clients.Accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = meetingId }, await AsUserAsync(), cancellationToken: ct);

    /// <summary>A pillar's paper for a period, or null when none is opened.</summary>
    public async Task<Paper?> PaperAsync(string pillar, string periodEnd, CancellationToken ct)
    {
        try
        {
            return await clients.Pillar(pillar).GetPaperAsync(new GetPaperRequest { PeriodEnd = periodEnd }, await AsUserAsync(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>"Wednesday 20 January 2027" for "2027-01-20"; empty for none.</summary>
    public static string Day(string date) => date.Length == 0 ? "" : PackAssembler.Day(DateOnly.Parse(date, CultureInfo.InvariantCulture));

    public static DateOnly Date(Meeting meeting) => DateOnly.Parse(meeting.Date, CultureInfo.InvariantCulture);

    /// <summary>"1 October 2025 to 31 December 2025" for a period named by its last month.</summary>
    public static string Period(string periodEnd) => ReportingPeriod.TryParse(periodEnd, out var period, out _) ? period.Dates : periodEnd;

    public string Title(string pillar) => shape.Title(pillar);

    /// <summary>"21 April 2026 at 14:05" (UK time) for a UTC ISO 8601 time; empty for none.</summary>
    public static string When(string utc) => DateTimeOffset.TryParse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
        ? TimeZoneInfo.ConvertTime(at, Norfolk.TimeZone).ToString("d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"))
        : "";

    /// <summary>A refusal a page shows to the person (bad input, a state that does not allow it, a role that may not), not a failure.</summary>
    public static bool Refused(RpcException e) => e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.Aborted
        or StatusCode.AlreadyExists or StatusCode.NotFound or StatusCode.PermissionDenied;

    /// <summary>
    /// A refusal as the page lists it, from the errors the service sent as data (<c>google.rpc.Status</c>): its heading,
    /// if any, then one item per error, "field: rule" for a field violation (<paramref name="describe"/> may name the
    /// field as the page's form does). A status without them (a refusal by the gateway itself, or no permission) is its message.
    /// A page whose own heading already says what was refused leaves the refusal's out (<paramref name="withHeading"/>).
    /// </summary>
    public static IReadOnlyList<string> Sentences(RpcException e, Func<Google.Rpc.BadRequest.Types.FieldViolation, string>? describe = null,
        bool withHeading = true)
    {
        static string Named(string field, string description) => field.Length > 0 ? $"{field}: {description}" : description;
        var status = e.GetRpcStatus();
        IEnumerable<string> heading = withHeading && status?.GetDetail<Google.Rpc.ErrorInfo>()?.Metadata.TryGetValue("heading", out var h) == true ? [h] : [];
        IEnumerable<string>? errors = status?.GetDetail<Google.Rpc.BadRequest>() is { FieldViolations.Count: > 0 } bad
            ? bad.FieldViolations.Select(v => describe?.Invoke(v) ?? Named(v.Field, v.Description))
            : status?.GetDetail<Google.Rpc.PreconditionFailure>() is { Violations.Count: > 0 } failed ? failed.Violations.Select(v => Named(v.Subject, v.Description))
            : status?.Details.Where(d => d.Is(Google.Rpc.ResourceInfo.Descriptor)).Select(d => d.Unpack<Google.Rpc.ResourceInfo>()).ToList() is { Count: > 0 } resources
                ? resources.Select(r => Named(r.ResourceName, r.Description))
            : null;
        return errors is null ? [e.Status.Detail] : [.. heading, .. errors];
    }

    public static string Status(PaperStatus status) => status.ToString();
}

/// <summary>What came of a person's action, as a page shows it (<c>Shared/_Outcome</c>): what was done, or why it was refused.</summary>
public sealed record Outcome(string Title, IReadOnlyList<string> Refusals, string Done);
