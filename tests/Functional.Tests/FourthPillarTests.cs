using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using PlanServices.ServiceDefaults;
using PlanServices.Testing;

namespace PlanServices.Functional.Tests;

/// <summary>
/// A fourth priority of the Plan is configuration only: a line in the suite's shape (here, settings every part is given)
/// and a catalogue of its own, run by an existing pillar host. Its service runs behind the gateway, its command area's
/// role works and only for it, and its paper is on the meeting's agenda, in the pack and in the web application.
/// </summary>
public sealed class FourthPillarTests : IAsyncLifetime
{
    private static readonly SuitePillar Roads = new() { Id = "road-safety", Title = "Safer Roads" };
    private const string July = "pam-2026-07-01";
    private readonly string _folder = Directory.CreateTempSubdirectory("planservices-fourth-").FullName;
    private EventSuite _suite = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Repo.Path("tests", "Functional.Tests", "FourthPillar", "catalogue.yaml"), Path.Combine(_folder, "catalogue.yaml"));
        Directory.CreateDirectory(Path.Combine(_folder, "sample"));
        var months = Enumerable.Range(0, 60).Select(i => new DateOnly(2021, 4, 1).AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        await File.WriteAllLinesAsync(Path.Combine(_folder, "sample", "figures.csv"),
            ["indicator,from,to,value", .. months.SelectMany((m, i) => new[] { $"roads.ksi,{m},{m},{30 + i % 7}", $"roads.collisions,{m},{m},{120 + i % 11}" })]);
        _suite = await EventSuite.StartAsync(gateway: true, added: (Roads, _folder));
    }

    public async Task DisposeAsync()
    {
        await _suite.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A demo person's token, asked for by client credentials as a script of the one-command run does.</summary>
    private Task<string> DemoTokenAsync(string user) => TestAuth.ClientTokenAsync(user, TestAuth.DemoPassword, _suite.Provider!.HttpAddress);

    private PillarService.PillarServiceClient ThroughGateway(string pillar, string token) =>
        new(_suite.Gateway!.Channel(token).Intercept(metadata => { metadata.Add("x-pillar", pillar); return metadata; }));

    [Fact]
    public async Task A_fourth_pillar_runs_behind_the_gateway_with_its_own_command_area_agenda_item_and_paper()
    {
        var analyst = await DemoTokenAsync($"analyst-{Roads.Id}");
        var catalogue = await ThroughGateway(Roads.Id, analyst).GetCatalogueAsync(new GetCatalogueRequest());
        Assert.Equal((Roads.Id, Roads.Title), (catalogue.Pillar, catalogue.Title));

        var csv = Google.Protobuf.ByteString.CopyFromUtf8("indicator,from,to,value\nroads.ksi,2026-04,2026-04,29\n");
        var imported = await ThroughGateway(Roads.Id, analyst).ImportFiguresAsync(new ImportFiguresRequest { FileName = "roads.csv", Content = csv });
        Assert.Equal(1, imported.Added);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await ThroughGateway("reducing-harm", analyst)
            .ImportFiguresAsync(new ImportFiguresRequest { FileName = "roads.csv", Content = csv }));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        // The July meeting, seeded without an agenda, takes a paper item for every priority of the shape.
        var accountability = _suite.Accountability.CreateAccountability(await DemoTokenAsync("opccn"));
        var meeting = await accountability.GetMeetingAsync(new GetMeetingRequest { Id = July });
        Assert.Contains(meeting.Agenda, a => a.Pillar == Roads.Id && a.Title == $"Priority 4 – {Roads.Title}");
        await _suite.WaitUntilAsync(async () => (await accountability.GetPackReadinessAsync(new GetPackReadinessRequest { MeetingId = July }))
            .Papers.Any(p => p.Pillar == Roads.Id && p.Status == "Draft"), "the fourth pillar's paper opened");

        using var opccn = TestAuth.Http(_suite.Gateway!.HttpAddress, await DemoTokenAsync("opccn"));
        var pack = await opccn.GetFromJsonAsync<JsonElement>($"/packs/{July}.json");
        var papers = pack.GetProperty("papers").EnumerateArray().ToList();
        Assert.Equal([.. Repo.Shape.PillarIds, Roads.Id], papers.Select(p => p.GetProperty("pillar").GetString()));
        var roads = papers[^1];
        Assert.Equal(Roads.Title, roads.GetProperty("title").GetString());
        var table = roads.GetProperty("objectives")[0].GetProperty("tables")[0];
        Assert.Contains(table.GetProperty("rows").EnumerateArray(), r => r.GetProperty("cells").EnumerateArray().Any(c => c.GetProperty("value").ValueKind == JsonValueKind.Number));

        // The provider's sign-in page offers its command area's demo user; the OPCCN signs in and sees its paper on the meeting's page.
        using var web = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = _suite.Gateway!.HttpAddress };
        static string Antiforgery(string page) => System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var toProvider = await web.PostAsync("/app/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery(await web.GetStringAsync("/app/signin")),
        }));
        var signIn = await toProvider.Content.ReadAsStringAsync();
        Assert.Contains($"Analyst, {Roads.Title}", signIn);
        using var signedIn = await web.PostAsync(toProvider.RequestMessage!.RequestUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "opccn", ["Password"] = TestAuth.DemoPassword, ["__RequestVerificationToken"] = Antiforgery(signIn),
        }));
        Assert.Equal((HttpStatusCode.OK, "/app"), (signedIn.StatusCode, signedIn.RequestMessage!.RequestUri!.AbsolutePath));
        Assert.Contains(Roads.Title, await web.GetStringAsync($"/app/meetings/{July}"));
    }
}
