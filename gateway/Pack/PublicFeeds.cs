using PlanServices.Common;
using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Feeds of what is public, for readers who follow the meetings from a feed reader or a calendar. The Atom feed has an
/// entry per published version of a pack (a correction is an entry of its own, with its note). The meetings page and
/// the iCalendar hold each meeting whose pack is published (date, time and venue as its pack prints them) and the next
/// meetings the latest published pack announces. Nothing else is in them: a draft, or a meeting only scheduled, never is.
/// </summary>
public static class PublicFeeds
{
    public const string AtomPath = "/packs/feed.atom";
    public const string CalendarPath = "/meetings.ics";

    /// <summary>Meeting times in a pack are Norfolk's local time.</summary>
    public const string TimeZone = Norfolk.TimeZoneId;

    public static IEndpointRouteBuilder MapPublicFeeds(this IEndpointRouteBuilder app)
    {
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods(AtomPath, read, async (HttpContext http, PublishedFiles files, CancellationToken ct) =>
            Results.Bytes(Atom(await files.IndexAsync(ct), Site(http)), "application/atom+xml; charset=utf-8"));
        app.MapMethods(CalendarPath, read, async (HttpContext http, PublishedFiles files, ServiceClients clients, CancellationToken ct) =>
            Results.Text(Calendar(await AllAsync(files, clients, ct), Site(http)), "text/calendar; charset=utf-8", Encoding.UTF8));
        app.MapMethods("/meetings", read, async (HttpContext http, PublishedFiles files, ServiceClients clients, PublicPages pages, CancellationToken ct) =>
            await pages.MeetingsAsync(http, await AllAsync(files, clients, ct), Today(http)));
        return app;
    }

    /// <summary>Every public meeting; while Accountability cannot say which agendas are published, those the kept packs show.</summary>
    private static async Task<IReadOnlyList<MeetingListing>> AllAsync(PublishedFiles files, ServiceClients clients, CancellationToken ct)
    {
        var packs = (await files.LatestPacksAsync(ct)).Select(p => p.Pack).ToList();
        try
        {
            return Meetings(packs, await PublicMeetingsAsync(clients, ct));
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded)
        {
            return Meetings(packs, []);
        }
    }

    /// <summary>The meetings whose agenda or pack Accountability holds as published.</summary>
    public static async Task<IReadOnlyList<Plan.Accountability.V1.PublicMeeting>> PublicMeetingsAsync(ServiceClients clients, CancellationToken ct) =>
        (await clients.Accountability.ListPublicMeetingsAsync(new Plan.Accountability.V1.ListPublicMeetingsRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct)).Meetings;

    /// <summary>Today in Norfolk.</summary>
    public static DateOnly Today(HttpContext http) =>
        Norfolk.Today(http.RequestServices.GetRequiredService<TimeProvider>());


    /// <summary>The published packs as an Atom feed, newest publication first.</summary>
    public static byte[] Atom(IReadOnlyList<PublishedEntry> packs, Uri site)
    {
        var items = packs.SelectMany(pack => pack.Versions.Select(version =>
        {
            var published = DateTimeOffset.Parse(version.PublishedAt, CultureInfo.InvariantCulture);
            var page = new Uri(site, $"packs/{pack.MeetingId}/v{version.Version}.html");
            var item = new SyndicationItem(
                $"{pack.Title}, {PublicPages.Day(pack.Date)}: " + (version.Version == 1 ? "pack published" : $"version {version.Version}, corrected"),
                version.Version == 1
                    ? "The pack is published: the agenda, the summary of the previous meeting, the action log and a paper per priority of the Plan."
                    : $"A correction, version {version.Version} of the pack: {version.Note}",
                page, TagOf($"packs/{pack.MeetingId}/v{version.Version}"), published) { PublishDate = published };
            item.Links.Add(new SyndicationLink(new Uri(site, $"packs/{pack.MeetingId}/v{version.Version}.pdf"), "related", "PDF", "application/pdf", 0));
            return item;
        })).OrderByDescending(i => i.LastUpdatedTime).ToList();
        var feed = new SyndicationFeed("PCC Accountability Meeting packs – Norfolk",
            "Each pack the Police and Crime Commissioner for Norfolk publishes for the PCC Accountability Meeting, and each correction.",
            new Uri(site, "packs"), TagOf("packs"), items.Count > 0 ? items[0].LastUpdatedTime : DateTimeOffset.UnixEpoch, items);
        feed.Authors.Add(new SyndicationPerson { Name = Publisher });
        feed.Links.Add(new SyndicationLink(new Uri(site, AtomPath.TrimStart('/')), "self", feed.Title.Text, "application/atom+xml", 0));
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        return output.ToArray();
    }

    /// <summary>
    /// The meetings the public may know of, by date: each whose pack is published (date, time and venue as the pack prints
    /// them), each whose agenda is published, and the next ones the latest published pack announces; one per date and
    /// title, the published pack's first.
    /// </summary>
    public static IReadOnlyList<MeetingListing> Meetings(IReadOnlyList<PackDocument> packs, IReadOnlyList<Plan.Accountability.V1.PublicMeeting> published)
    {
        var meetings = new Dictionary<string, MeetingListing>();
        foreach (var m in published.Select(p => p.Meeting))
        {
            var meeting = new MeetingListing(DateOnly.ParseExact(m.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture), m.Title, m.StartTime, "", m.Venue, m.Id);
            meetings[meeting.Uid] = meeting;
        }
        foreach (var pack in packs)
        {
            var front = pack.Front;
            var meeting = new MeetingListing(front.Date, front.Title, front.StartTime, "", front.Venue, pack.MeetingId);
            meetings[meeting.Uid] = meeting;
        }
        foreach (var next in packs.MaxBy(p => p.Front.Date)?.Front.NextMeetings ?? [])
        {
            var meeting = new MeetingListing(next.Date, next.Title, next.StartTime, next.EndTime, "", null);
            meetings.TryAdd(meeting.Uid, meeting);
        }
        return [.. meetings.Values.OrderBy(m => m.Date).ThenBy(m => m.Title, StringComparer.Ordinal)];
    }

    /// <summary>The public meetings as an iCalendar; a meeting's UID stays the same once its pack is published, so calendars update it.</summary>
    public static string Calendar(IReadOnlyList<MeetingListing> meetings, Uri site)
    {
        var calendar = new Ical.Net.Calendar();
        // The zone's rules, not its name alone: calendars that rely on VTIMEZONE place the meetings right (RFC 5545, 3.6.5).
        // From the first meeting, or from today if that is later: Ical.Net 5.2 refuses a start years ahead of today.
        var from = meetings.Count > 0 && meetings[0].Date < DateOnly.FromDateTime(DateTime.UtcNow) ? meetings[0].Date : DateOnly.FromDateTime(DateTime.UtcNow);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(TimeZone, from.ToDateTime(TimeOnly.MinValue), includeHistoricalData: false));
        foreach (var meeting in meetings)
        {
            var page = meeting.MeetingId is { } id ? new Uri(site, $"meetings/{id}") : null;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = meeting.Uid, Summary = meeting.Title, Start = At(meeting.Date, meeting.StartTime),
                End = meeting.EndTime.Length > 0 ? At(meeting.Date, meeting.EndTime) : null,
                Location = meeting.Venue.Length > 0 ? meeting.Venue : null, Url = page,
                Description = page is null
                    ? $"Announced in the latest published pack; the papers are published at {new Uri(site, "packs")} before the meeting."
                    : $"The agenda, how to attend or watch, and the papers: {page}",
            });
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalDateTime At(DateOnly date, string time) =>
        TimeOnly.TryParseExact(time.Replace(" ", ""), ["HH:mm", "h:mmtt", "htt"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? new CalDateTime(date.ToDateTime(at), TimeZone)
            : new CalDateTime(date);

    /// <summary>The site's public address: as configured, else the request's.</summary>
    public static Uri Site(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<PackOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
            ? new(configured.TrimEnd('/') + "/")
            : new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    /// <summary>An entry's id: a tag URI (RFC 4151), the same whatever address the feed is read at.</summary>
    private static string TagOf(string path) => $"tag:norfolk-pcc.gov.uk,2026:planservices/{path}";

    private const string Publisher = "Office of the Police and Crime Commissioner for Norfolk";
}

/// <summary>A meeting the public may know of; <see cref="MeetingId"/> when its pack is published.</summary>
public sealed record MeetingListing(DateOnly Date, string Title, string StartTime, string EndTime, string Venue, string? MeetingId)
{
    /// <summary>The same for a meeting whether a pack announced it or published its papers.</summary>
    public string Uid => $"{Date:yyyyMMdd}-{string.Concat(Title.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit))}@planservices.opccn";
}
