using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;
using PlanServices.Testing;

namespace PlanServices.Gateway.Tests;

/// <summary>
/// A published pack is the public record: it never changes by itself, whatever happens to the data; a correction is
/// a new version listing each change, and earlier versions stay at their own URLs.
/// </summary>
public sealed class PublishedRecordTests : IAsyncLifetime
{
    private static readonly string[] Formats = ["html", "pdf", "docx", "json"];
    private readonly Suite _suite = new();

    public Task InitializeAsync() => _suite.InitializeAsync();

    public Task DisposeAsync() => _suite.DisposeAsync();

    private async Task<Dictionary<string, byte[]>> FilesAsync(string path)
    {
        using var anonymous = _suite.GatewayHttp("");
        var files = new Dictionary<string, byte[]>();
        foreach (var format in Formats)
        {
            using var response = await anonymous.GetAsync($"{path}.{format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            files[format] = await response.Content.ReadAsByteArrayAsync();
        }
        return files;
    }

    /// <summary>The revision of the issue: December 2025's 999 calls 10,375 → 10,400, recorded by the Reducing Harm command area.</summary>
    private async Task ReviseDecemberCallsAsync()
    {
        var analyst = TestAuth.Token([Roles.CommandArea], ["reducing-harm"], "Analyst, Reducing Harm");
        await _suite.ReducingHarm.CreateClient(analyst).RecordObservationsAsync(new RecordObservationsRequest
        {
            Source = "revised call-handling extract",
            Observations = { new Plan.Pillar.V1.Observation { Indicator = "calls.total", From = "2025-12", To = "2025-12", Value = 10_400 } },
        });
    }

    [Fact]
    public async Task The_published_files_stay_byte_for_byte_after_revised_figures_an_edited_paper_and_a_later_meetings_records()
    {
        var published = await FilesAsync($"/packs/{Suite.April}");

        await ReviseDecemberCallsAsync();
        var harm = _suite.ReducingHarm.CreateClient();
        var paper = await harm.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2025-12" });
        await harm.CorrectPaperAsync(new CorrectPaperRequest { PeriodEnd = "2025-12", BaseVersion = paper.Version, Note = "A name was misspelt." });
        var accountability = _suite.Accountability.CreateAccountability();
        await accountability.ScheduleMeetingAsync(new Meeting { Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", PeriodEnd = "2026-06" });
        await accountability.RaiseActionAsync(new RaiseActionRequest { Number = 30, MeetingId = "pam-2026-10-14", Owner = "reducing-harm", Description = "A later action." });
        await accountability.UpdateActionAsync(new UpdateActionRequest { Number = 25, Text = "Closed at the July meeting.", Status = ActionStatus.Closed, MeetingId = "pam-2026-10-14" });

        Assert.Equal(published, await FilesAsync($"/packs/{Suite.April}"));
        Assert.Equal(published, await FilesAsync($"/packs/{Suite.April}/v1"));
    }

    [Fact]
    public async Task The_published_files_stay_byte_for_byte_after_a_crime_record_of_their_quarter_is_given_an_outcome()
    {
        var published = await FilesAsync($"/packs/{Suite.April}");
        var tables = _suite.PreventingCrime.CreateClient();
        var before = await tables.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" });

        // A sample burglary of December 2025, open until now, charged on 20 December: the crime recording system sends it again.
        var athena = TestAuth.Token([Roles.CommandArea], ["preventing-crime"], "Athena");
        using var call = new Plan.Records.V1.RecordService.RecordServiceClient(_suite.PreventingCrime.Channel(athena)).Send();
        await call.RequestStream.WriteAsync(new Plan.Records.V1.Records { Records_ = { new Plan.Records.V1.Record { Crime = new Plan.Records.V1.CrimeRecord
        {
            Reference = "S-residential-burglary-202512-0001", RecordedOn = "2025-12-01", Offence = "28E", District = Plan.Records.V1.District.Norwich,
            Outcome = "1", OutcomeOn = "2025-12-20",
        } } } });
        await call.RequestStream.CompleteAsync();
        var receipt = await call;
        Assert.Equal((1L, "2025-12", "2025-12"), (receipt.Revised, receipt.ChangedFrom, receipt.ChangedTo));

        var after = await tables.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" });
        var changed = before.Tables.Zip(after.Tables).SelectMany(t => t.First.Rows.Zip(t.Second.Rows).SelectMany(r =>
            r.First.Cells.Zip(r.Second.Cells).Where(c => c.First.Text != c.Second.Text).Select(c => $"{r.Second.Group} {r.Second.Label}: {c.First.Text} → {c.Second.Text}"))).ToList();
        Assert.Contains("Residential burglary Charged: 90 → 91", changed);
        Assert.Contains("Residential burglary Solved: 118 → 119", changed);
        Assert.Equal(published, await FilesAsync($"/packs/{Suite.April}"));
    }

    [Fact]
    public async Task A_correction_lists_exactly_the_changed_cells_and_becomes_version_2_with_a_visible_note()
    {
        var original = await FilesAsync($"/packs/{Suite.April}");
        var before = await _suite.ReducingHarm.CreateClient().GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" });
        await ReviseDecemberCallsAsync();
        var after = await _suite.ReducingHarm.CreateClient().GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" });
        var expected = before.Tables.Zip(after.Tables).SelectMany(t => t.First.Rows.Zip(t.Second.Rows).SelectMany(r =>
            r.First.Cells.Zip(r.Second.Cells).Where(c => c.First.Text != c.Second.Text).Select(c => (r.Second.Label, $"{c.First.Text} → {c.Second.Text}")))).ToList();
        Assert.Contains(("December 2025", "10,375 → 10,400"), expected);
        Assert.Contains(("December 2025", "91.5% → 91.3%"), expected);

        using var opccn = _suite.GatewayHttp(Suite.Opccn);
        var preview = await opccn.GetFromJsonAsync<JsonElement>($"/packs/{Suite.April}/correction");
        var changes = preview.GetProperty("changes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(expected.Count, changes.Count);
        foreach (var (row, change) in expected)
            Assert.Contains(changes, c => c.StartsWith("Table 8 (", StringComparison.Ordinal) && c.Contains($", {row}, ", StringComparison.Ordinal) && c.EndsWith(change, StringComparison.Ordinal));

        using var corrected = await opccn.PostAsJsonAsync($"/packs/{Suite.April}/correction", new { reason = "The December 2025 call-handling extract was revised." });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.Equal(2, (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        using var anonymous = _suite.GatewayHttp("");
        using var latest = await anonymous.GetAsync($"/packs/{Suite.April}.html");
        Assert.Equal(("2", "2"), (latest.Headers.GetValues("Pack-Version").Single(), latest.Headers.GetValues("Pack-Latest-Version").Single()));
        var html = await latest.Content.ReadAsStringAsync();
        Assert.Contains("Version 2 of this pack, published", html);
        Assert.Contains("The December 2025 call-handling extract was revised.", html);
        Assert.Contains("10,375 → 10,400", html);
        Assert.Equal(original, await FilesAsync($"/packs/{Suite.April}/v1"));

        var json = await anonymous.GetFromJsonAsync<JsonElement>($"/packs/{Suite.April}.json");
        var correction = json.GetProperty("publication").GetProperty("corrections").EnumerateArray().Single();
        Assert.Equal(changes, correction.GetProperty("changes").EnumerateArray().Select(c => c.GetString()!));

        // Search finds the latest version only.
        var found = await anonymous.GetStringAsync("/search?q=Foxtail");
        Assert.Contains($"/packs/{Suite.April}/v2.html#minutes", found);
        Assert.DoesNotContain($"/packs/{Suite.April}/v1.html", found);
    }

    [Fact]
    public async Task A_refused_publish_or_correction_says_why_and_stores_nothing()
    {
        using var opccn = _suite.GatewayHttp(Suite.Opccn);
        using var again = await opccn.PostAsync($"/packs/{Suite.April}/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Version 1 of this pack is published", await again.Content.ReadAsStringAsync());

        using var nothing = await opccn.PostAsJsonAsync($"/packs/{Suite.April}/correction", new { reason = "No reason at all." });
        Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
        Assert.Contains("Nothing has changed since version 1", await nothing.Content.ReadAsStringAsync());

        var accountability = _suite.Accountability.CreateAccountability();
        await accountability.ScheduleMeetingAsync(new Meeting { Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", PeriodEnd = "2026-06" });
        await _suite.Events.WaitUntilAsync(async () => (await accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = "pam-2026-10-14" }))
            .Papers.All(p => p.Status == "Draft"), "the October drafts reported");
        using var early = await opccn.PostAsync("/packs/pam-2026-10-14/publish", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problems = (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("The Reducing Harm paper is draft: it must be approved by the Deputy Chief Constable first.", problems);
        Assert.Contains("The minutes of the previous meeting (pam-2026-07-01) are not recorded.", problems);

        using var analyst = _suite.GatewayHttp(TestAuth.Token([Roles.CommandArea], ["reducing-harm"], "Analyst"));
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/packs/{Suite.April}/publish", null)).StatusCode);
        using var anonymous = _suite.GatewayHttp("");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/packs/pam-2026-10-14.html")).StatusCode);
        var index = await anonymous.GetStringAsync("/packs");
        Assert.Contains("/packs/pam-2026-04-21.pdf", index);
        Assert.DoesNotContain("pam-2026-10-14", index);
    }

    [Fact]
    public async Task The_public_pages_list_only_published_packs_in_html_and_json()
    {
        using var anonymous = _suite.GatewayHttp("");
        var landing = await anonymous.GetStringAsync("/");
        Assert.Contains("<a href=\"/packs\">", landing);
        var index = await anonymous.GetStringAsync("/packs");
        Assert.Contains("<html lang=\"en-GB\">", index);
        Assert.Contains("<a href=\"/packs/pam-2026-04-21/v1.html\">Version 1</a>", index);
        Assert.DoesNotContain("pam-2026-01-19", index);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/packs");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await anonymous.SendAsync(request);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        var april = Assert.Single(list.EnumerateArray());
        Assert.Equal(("pam-2026-04-21", 1, "/packs/pam-2026-04-21.pdf"),
            (april.GetProperty("id").GetString(), april.GetProperty("version").GetInt32(), april.GetProperty("formats").GetProperty("pdf").GetString()));
    }

    [Fact]
    public async Task Published_files_answer_conditional_head_and_range_requests_as_files_do()
    {
        using var anonymous = _suite.GatewayHttp("");
        using var latest = await anonymous.GetAsync($"/packs/{Suite.April}.pdf");
        var bytes = await latest.Content.ReadAsByteArrayAsync();
        var etag = latest.Headers.ETag!;
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"", etag.Tag);
        Assert.True(latest.Headers.CacheControl!.NoCache);

        Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestHeaders>? headers = null)
        {
            var request = new HttpRequestMessage(method, path);
            headers?.Invoke(request.Headers);
            return anonymous.SendAsync(request);
        }
        using (var unchanged = await SendAsync(HttpMethod.Get, $"/packs/{Suite.April}.pdf", h => h.IfNoneMatch.Add(etag)))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        }
        using (var other = await SendAsync(HttpMethod.Get, $"/packs/{Suite.April}.pdf", h => h.IfNoneMatch.Add(new EntityTagHeaderValue("\"another\""))))
            Assert.Equal(bytes, await other.Content.ReadAsByteArrayAsync());

        using (var head = await SendAsync(HttpMethod.Head, $"/packs/{Suite.April}/v1.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, head.Headers.ETag);
            Assert.True(head.Headers.CacheControl!.Public && head.Headers.CacheControl.MaxAge == TimeSpan.FromDays(365));
            Assert.Contains("immutable", head.Headers.CacheControl.ToString());
        }
        using (var range = await SendAsync(HttpMethod.Get, $"/packs/{Suite.April}/v1.pdf", h => h.Range = new RangeHeaderValue(0, 99)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
            Assert.Equal(bytes[..100], await range.Content.ReadAsByteArrayAsync());
        }
        foreach (var page in new[] { "/packs", $"/packs/{Suite.April}", $"/packs/{Suite.April}.html", $"/packs/{Suite.April}/tables/1.csv" })
        {
            using var head = await SendAsync(HttpMethod.Head, page);
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        using (var unknown = await SendAsync(HttpMethod.Head, "/packs/pam-1999-01-01.pdf"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var missing = await SendAsync(HttpMethod.Get, $"/packs/{Suite.April}/v9.pdf"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_feeds_hold_published_packs_and_announced_meetings_only()
    {
        var accountability = _suite.Accountability.CreateAccountability();
        await accountability.ScheduleMeetingAsync(new Meeting { Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", PeriodEnd = "2026-06" });
        using var anonymous = _suite.GatewayHttp("");

        using var atom = await anonymous.GetAsync(Pack.PublicFeeds.AtomPath);
        Assert.Equal("application/atom+xml", atom.Content.Headers.ContentType!.MediaType);
        using var reader = System.Xml.XmlReader.Create(await atom.Content.ReadAsStreamAsync());
        var feed = System.ServiceModel.Syndication.SyndicationFeed.Load(reader);
        var entry = Assert.Single(feed.Items);
        Assert.Equal(("tag:norfolk-pcc.gov.uk,2026:planservices/packs/pam-2026-04-21/v1", "Office of the Police and Crime Commissioner for Norfolk"),
            (entry.Id, feed.Authors.Single().Name));
        Assert.Equal("PCC Accountability Meeting, 21 April 2026: pack published", entry.Title.Text);
        Assert.Equal($"/packs/{Suite.April}/v1.html", entry.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsolutePath);
        Assert.DoesNotContain("pam-2026-10-14", feed.Items.SelectMany(i => i.Links).Select(l => l.Uri.ToString()));

        var pack = await anonymous.GetFromJsonAsync<JsonElement>($"/packs/{Suite.April}.json");
        var front = pack.GetProperty("front");
        var ics = await anonymous.GetStringAsync(Pack.PublicFeeds.CalendarPath);
        Assert.Contains("BEGIN:DAYLIGHT", ics);
        var calendar = Ical.Net.Calendar.Load(ics)!;
        var announced = front.GetProperty("nextMeetings").EnumerateArray().Select(n => DateOnly.Parse(n.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([new DateOnly(2026, 4, 21), .. announced], calendar.Events.Select(e => DateOnly.FromDateTime(e.Start!.Value)));
        var april = calendar.Events.First();
        Assert.Equal((front.GetProperty("venue").GetString(), "Europe/London"), (april.Location, april.Start!.TzId));
        Assert.Equal(("2:00pm", "14:00"), (front.GetProperty("startTime").GetString(), april.Start.Value.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(calendar.Events, e => DateOnly.FromDateTime(e.Start!.Value) == new DateOnly(2026, 10, 14) && !announced.Contains(new DateOnly(2026, 10, 14)));

        var meetings = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/meetings"));
        Assert.Contains($"<a href=\"/meetings/{Suite.April}\">PCC Accountability Meeting, 21 April 2026", meetings);
        var page = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/meetings/{Suite.April}"));
        Assert.Contains($"<a href=\"/packs/{Suite.April}\">the meeting's pack</a>", page);
        Assert.Contains($"<a href=\"/packs/{Suite.April}.html#paper-reducing-harm\">", page);
        Assert.DoesNotContain("<form method=\"post\" action=\"/meetings/", page);
        using (var scheduled = await anonymous.GetAsync("/meetings/pam-2026-10-14"))
            Assert.Equal(HttpStatusCode.NotFound, scheduled.StatusCode);
        using (var scheduledCalendar = await anonymous.GetAsync("/meetings/pam-2026-10-14.ics"))
            Assert.Equal(HttpStatusCode.NotFound, scheduledCalendar.StatusCode);
        Assert.Single(Ical.Net.Calendar.Load(await anonymous.GetStringAsync($"/meetings/{Suite.April}.ics"))!.Events);
        foreach (var next in front.GetProperty("nextMeetings").EnumerateArray())
            Assert.Contains($"{next.GetProperty("title").GetString()}, {Pack.PublicPages.Day(DateOnly.Parse(next.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture))}", meetings);
        Assert.DoesNotContain("14 October 2026", meetings);
    }

    [Fact]
    public async Task Each_measure_a_published_pack_charts_has_a_story_linked_from_the_packs_charts_and_table_rows()
    {
        using var anonymous = _suite.GatewayHttp("");
        var pack = await anonymous.GetFromJsonAsync<JsonElement>($"/packs/{Suite.April}.json");
        var charted = pack.GetProperty("papers").EnumerateArray().SelectMany(p => p.GetProperty("objectives").EnumerateArray().SelectMany(o =>
            o.GetProperty("charts").EnumerateArray().Select(c => (Pillar: p.GetProperty("pillar").GetString()!, Objective: o, Chart: c)))).ToList();
        Assert.NotEmpty(charted);
        var index = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/measures"));
        var html = await anonymous.GetStringAsync($"/packs/{Suite.April}.html");
        foreach (var (pillar, objective, chart) in charted)
        {
            var path = $"/measures/{pillar}/{chart.GetProperty("indicator").GetString()}";
            Assert.Contains($"<a href=\"{path}\">{chart.GetProperty("title").GetString()}</a>", index);
            Assert.Contains($"<a href=\"{path}\">", html);

            var story = WebUtility.HtmlDecode(await anonymous.GetStringAsync(path));
            Assert.Contains($"<h1>{chart.GetProperty("title").GetString()}</h1>", story);
            Assert.Contains($"<a href=\"/packs/{Suite.April}\">", story);
            Assert.Contains(chart.GetProperty("summary").GetString()!, story);
            var quoted = objective.GetProperty("claims").EnumerateArray().Where(c => c.GetProperty("indicator").GetString() == chart.GetProperty("indicator").GetString()).ToList();
            if (quoted.Count == 0) Assert.Contains("The narrative quoted no figure of this measure.", story);
            else foreach (var claim in quoted) Assert.Contains(claim.GetProperty("text").GetString()!, story);
        }
        var rows = pack.GetProperty("papers").EnumerateArray().SelectMany(p => p.GetProperty("objectives").EnumerateArray().SelectMany(o => o.GetProperty("tables").EnumerateArray())
            .SelectMany(t => t.GetProperty("rows").EnumerateArray()).Select(r => (Pillar: p.GetProperty("pillar").GetString()!, Row: r))).ToList();
        var linked = rows.Where(r => charted.Any(c => c.Pillar == r.Pillar && c.Chart.GetProperty("indicator").GetString() == r.Row.GetProperty("indicator").GetString())).ToList();
        Assert.NotEmpty(linked);
        var decoded = WebUtility.HtmlDecode(html);
        foreach (var (pillar, row) in linked)
            Assert.Contains($"<th scope=\"row\"><a class=\"story\" href=\"/measures/{pillar}/{row.GetProperty("indicator").GetString()}\">{row.GetProperty("label").GetString()}</a></th>", decoded);
        Assert.Equal(linked.Count, System.Text.RegularExpressions.Regex.Matches(html, "<a class=\"story\"").Count);
        using var unknown = await anonymous.GetAsync("/measures/reducing-harm/no-such-measure");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
