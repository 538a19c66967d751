using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace PlanServices.Gateway.Pack;

/// <summary>
/// Feeds of what is public, for readers who follow the meetings from a feed reader or a calendar. The Atom feed has an
/// entry per published version of a pack (a correction is an entry of its own, with its note). The iCalendar holds each
/// meeting whose pack is published (date, time and venue as its pack prints them) and the next meetings the latest
/// published pack announces. Nothing else is in either: a draft, or a meeting only scheduled, never is.
/// </summary>
public static class PublicFeeds
{
    public const string AtomPath = "/packs/feed.atom";
    public const string CalendarPath = "/meetings.ics";

    /// <summary>Meeting times in a pack are Norfolk's local time.</summary>
    public const string TimeZone = "Europe/London";

    public static IEndpointRouteBuilder MapPublicFeeds(this IEndpointRouteBuilder app)
    {
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods(AtomPath, read, async (HttpContext http, PublishedFiles files, CancellationToken ct) =>
            Results.Bytes(Atom(await files.IndexAsync(ct), Site(http)), "application/atom+xml; charset=utf-8"));
        app.MapMethods(CalendarPath, read, async (HttpContext http, PublishedFiles files, CancellationToken ct) =>
        {
            var packs = new List<PackDocument>();
            foreach (var entry in await files.IndexAsync(ct))
                if (await files.FileAsync(entry.MeetingId, 0, "json", ct) is { } json)
                    packs.Add(JsonSerializer.Deserialize<PackDocument>(json.Content, PackEndpoints.Json)!);
            return Results.Text(Calendar(packs, Site(http)), "text/calendar; charset=utf-8", Encoding.UTF8);
        });
        return app;
    }

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
                page, page.ToString(), published) { PublishDate = published };
            item.Links.Add(new SyndicationLink(new Uri(site, $"packs/{pack.MeetingId}/v{version.Version}.pdf"), "related", "PDF", "application/pdf", 0));
            return item;
        })).OrderByDescending(i => i.LastUpdatedTime).ToList();
        var feed = new SyndicationFeed("PCC Accountability Meeting packs – Norfolk",
            "Each pack the Police and Crime Commissioner for Norfolk publishes for the PCC Accountability Meeting, and each correction.",
            new Uri(site, "packs"), new Uri(site, "packs").ToString(), items.Count > 0 ? items[0].LastUpdatedTime : DateTimeOffset.UnixEpoch, items);
        feed.Links.Add(new SyndicationLink(new Uri(site, AtomPath.TrimStart('/')), "self", feed.Title.Text, "application/atom+xml", 0));
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        return output.ToArray();
    }

    /// <summary>The meetings of the published packs, and the next ones the latest of them announces (one event per date and title).</summary>
    public static string Calendar(IReadOnlyList<PackDocument> packs, Uri site)
    {
        var calendar = new Ical.Net.Calendar();
        calendar.AddTimeZone(new VTimeZone(TimeZone));
        var events = new Dictionary<string, CalendarEvent>();
        foreach (var pack in packs.OrderBy(p => p.Front.Date))
        {
            var front = pack.Front;
            var page = new Uri(site, $"packs/{pack.MeetingId}");
            events[Uid(front.Date, front.Title)] = new CalendarEvent
            {
                Uid = Uid(front.Date, front.Title), Summary = front.Title, Start = At(front.Date, front.StartTime), Location = front.Venue,
                Url = page, Description = $"The published pack: {page}",
            };
        }
        foreach (var next in packs.MaxBy(p => p.Front.Date)?.Front.NextMeetings ?? [])
            events.TryAdd(Uid(next.Date, next.Title), new CalendarEvent
            {
                Uid = Uid(next.Date, next.Title), Summary = next.Title, Start = At(next.Date, next.StartTime),
                End = next.EndTime.Length > 0 ? At(next.Date, next.EndTime) : null,
                Description = $"Announced in the latest published pack; the papers are published at {new Uri(site, "packs")} before the meeting.",
            });
        foreach (var meeting in events.Values.OrderBy(e => e.Start)) calendar.Events.Add(meeting);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>The same meeting has the same UID whether a pack announced it or published its papers, so calendars update it.</summary>
    private static string Uid(DateOnly date, string title) =>
        $"{date:yyyyMMdd}-{string.Concat(title.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit))}@planservices.opccn";

    private static CalDateTime At(DateOnly date, string time) =>
        TimeOnly.TryParseExact(time.Replace(" ", ""), ["HH:mm", "h:mmtt", "htt"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? new CalDateTime(date.ToDateTime(at), TimeZone)
            : new CalDateTime(date);

    private static Uri Site(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
}
