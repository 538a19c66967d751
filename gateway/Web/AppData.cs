using System.Globalization;
using Grpc.Core;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.Common;
using PlanServices.Gateway.Pack;

namespace PlanServices.Gateway.Web;

/// <summary>A meeting to come, as a page shows it: the meeting, its reporting period and the readiness of its pack.</summary>
public sealed record UpcomingMeeting(Meeting Meeting, DateOnly Date, PackReadiness Readiness)
{
    public string Day => PackAssembler.Day(Date);
}

/// <summary>What the pages read from the services, always as the signed-in person.</summary>
public sealed class AppData(ServiceClients clients, UserCalls calls, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    public async Task<Metadata> AsUserAsync() => await calls.HeadersAsync();

    public AccountabilityService.AccountabilityServiceClient Accountability => clients.Accountability;

    public PillarService.PillarServiceClient Pillar(string pillar) => clients.Pillar(pillar);

    public async Task<IReadOnlyList<Meeting>> MeetingsAsync(CancellationToken ct) =>
        (await clients.Accountability.ListMeetingsAsync(new ListMeetingsRequest(), await AsUserAsync(), cancellationToken: ct)).Meetings;

    /// <summary>The meetings from today on, soonest first, with the readiness of their packs.</summary>
    public async Task<IReadOnlyList<UpcomingMeeting>> UpcomingAsync(CancellationToken ct)
    {
        var upcoming = new List<UpcomingMeeting>();
        foreach (var meeting in (await MeetingsAsync(ct)).Where(m => Date(m) >= Today).OrderBy(Date))
            upcoming.Add(new UpcomingMeeting(meeting, Date(meeting), await ReadinessAsync(meeting.Id, ct)));
        return upcoming;
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

    public static DateOnly Date(Meeting meeting) => DateOnly.Parse(meeting.Date, CultureInfo.InvariantCulture);

    /// <summary>"1 October 2025 to 31 December 2025" for a period named by its last month.</summary>
    public static string Period(string periodEnd) => new ReportingPeriod(Month.Parse(periodEnd)).Dates;

    public static string Title(string pillar) => PackHtml.Title(pillar);
}
