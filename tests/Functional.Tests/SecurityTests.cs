using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Plan.Accountability.V1;
using Plan.Pillar.V1;
using Grpc.Core;
using PlanServices.Testing;
using PlanServices.ServiceDefaults;

namespace PlanServices.Functional.Tests;

/// <summary>Who may call what: every write method against every role, as DOMAIN.md's "Who may do what" says.</summary>
[Collection(SuiteCollection.Name)]
public sealed class AuthorizationMatrixTests(Suite suite)
{
    /// <summary>
    /// Each caller with a real token of the run's provider: the demo users' own, asked for by client credentials when a
    /// test first needs it (they live 15 minutes; the cells are listed long before they run).
    /// </summary>
    public static readonly Dictionary<string, Lazy<string?>> Callers = new()
    {
        ["anonymous"] = new(() => null),
        ["own command area"] = Demo("analyst-reducing-harm"),
        ["other command area"] = Demo("analyst-preventing-crime"),
        ["originator"] = Demo("dcc"),
        ["opccn"] = Demo("opccn"),
    };

    private static Lazy<string?> Demo(string user) => new(() => TestAuth.ClientTokenAsync(user, TestAuth.DemoPassword).GetAwaiter().GetResult());

    /// <summary>Each write method of the Reducing Harm pillar and of Accountability, and the callers it allows.</summary>
    private static readonly Dictionary<string, (string[] Allowed, Func<PillarService.PillarServiceClient, AccountabilityService.AccountabilityServiceClient, Task> Call)> Methods = new()
    {
        ["pillar RecordObservations"] = (["own command area"], (p, _) => p.RecordObservationsAsync(new RecordObservationsRequest { Observations = { new Plan.Pillar.V1.Observation { Indicator = "calls.total", From = "2031-01", To = "2031-01", Value = 1 } } }).ResponseAsync),
        ["pillar StreamObservations"] = (["own command area"], (p, _) => Streams.RecordAsync(p, [new Plan.Pillar.V1.Observation { Indicator = "calls.total", From = "2031-02", To = "2031-02", Value = 1 }])),
        ["pillar OpenPaper"] = (["own command area"], (p, _) => p.OpenPaperAsync(new OpenPaperRequest { PeriodEnd = "2030-12" }).ResponseAsync),
        ["pillar EditPaper"] = (["own command area"], (p, _) => p.EditPaperAsync(new EditPaperRequest { PeriodEnd = "2030-12", BaseVersion = 999, Reason = "x" }).ResponseAsync),
        ["pillar ChangePaperStatus SUBMIT"] = (["own command area"], (p, _) => p.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2030-12", BaseVersion = 999, Action = PaperAction.Submit }).ResponseAsync),
        ["pillar ChangePaperStatus APPROVE"] = (["originator"], (p, _) => p.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2030-12", BaseVersion = 999, Action = PaperAction.Approve }).ResponseAsync),
        ["pillar ChangePaperStatus RETURN"] = (["originator", "opccn"], (p, _) => p.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2030-12", BaseVersion = 999, Action = PaperAction.Return, Reason = "x" }).ResponseAsync),
        ["pillar ChangePaperStatus PUBLISH"] = (["opccn"], (p, _) => p.ChangePaperStatusAsync(new ChangePaperStatusRequest { PeriodEnd = "2030-12", BaseVersion = 999, Action = PaperAction.Publish }).ResponseAsync),
        ["pillar CorrectPaper"] = (["opccn"], (p, _) => p.CorrectPaperAsync(new CorrectPaperRequest { PeriodEnd = "2030-12", BaseVersion = 999, Note = "x" }).ResponseAsync),
        ["pillar GetPaper (a draft)"] = (["own command area", "originator", "opccn"], (p, _) => p.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2030-12" }).ResponseAsync),
        ["pillar ListPaperVersions"] = (["own command area", "originator", "opccn"], (p, _) => p.ListPaperVersionsAsync(new ListPaperVersionsRequest { PeriodEnd = "2030-12" }).ResponseAsync),
        ["pillar SubmitActionUpdate"] = (["own command area"], (p, _) => p.SubmitActionUpdateAsync(new SubmitActionUpdateRequest { Number = 999, Text = "x" }).ResponseAsync),
        ["accountability ScheduleMeeting"] = (["opccn"], (_, a) => a.ScheduleMeetingAsync(new Meeting { Id = "bad id" }).ResponseAsync),
        ["accountability SetAgenda"] = (["opccn"], (_, a) => a.SetAgendaAsync(new SetAgendaRequest { MeetingId = "pam-1999-01-01" }).ResponseAsync),
        ["accountability SaveMinutes"] = (["opccn"], (_, a) => a.SaveMinutesAsync(new Minutes { MeetingId = "pam-1999-01-01" }).ResponseAsync),
        ["accountability ConfirmMinutes"] = (["opccn"], (_, a) => a.ConfirmMinutesAsync(new ConfirmMinutesRequest { MeetingId = "pam-1999-01-01", AtMeetingId = "pam-1999-02-01" }).ResponseAsync),
        ["accountability RaiseAction"] = (["opccn"], (_, a) => a.RaiseActionAsync(new RaiseActionRequest { Number = 0 }).ResponseAsync),
        ["accountability UpdateAction"] = (["opccn"], (_, a) => a.UpdateActionAsync(new UpdateActionRequest { Number = 999, Text = "x" }).ResponseAsync),
        ["accountability PublishPack"] = (["opccn"], (_, a) => a.PublishPackAsync(new PublishPackRequest { MeetingId = "pam-1999-01-01" }).ResponseAsync),
    };

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in Methods.Keys) foreach (var caller in Callers.Keys) data.Add(method, caller);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task A_write_is_allowed_exactly_where_the_rules_say(string method, string caller)
    {
        var token = Callers[caller].Value;
        var pillar = suite.ReducingHarm.CreateClient(token ?? "");
        var accountability = suite.Accountability.CreateAccountability(token ?? "");
        var (allowed, call) = Methods[method];
        StatusCode status;
        try
        {
            await call(pillar, accountability);
            status = StatusCode.OK;
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
        }
        var expected = allowed.Contains(caller) ? "allowed" : caller == "anonymous" ? "unauthenticated" : "denied";
        var actual = status switch { StatusCode.Unauthenticated => "unauthenticated", StatusCode.PermissionDenied => "denied", _ => "allowed" };
        Assert.Equal(expected, actual);
    }
}

/// <summary>Tokens that must be refused, and what the public may and may not see.</summary>
[Collection(SuiteCollection.Name)]
public sealed class AuthenticationTests(Suite suite)
{
    private static string Forge(Action<SecurityTokenDescriptor> change, SecurityKey? key = null) => TestAuth.Forge(change, key);

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "expired", "the token has expired" },
        { "wrong audience", "wrong audience" },
        { "wrong issuer", "wrong issuer" },
        { "wrong key", "a key the authority does not publish" },
        { "unsigned", "the token" },
        { "garbage", "the token is not a JWT" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_unauthenticated_on_grpc_naming_why_and_401_on_http(string kind, string why)
    {
        var token = kind switch
        {
            "expired" => Forge(d => { d.NotBefore = DateTime.UtcNow.AddHours(-2); d.Expires = DateTime.UtcNow.AddHours(-1); d.IssuedAt = DateTime.UtcNow.AddHours(-2); }),
            "wrong audience" => Forge(d => d.Audience = "someone-else"),
            "wrong issuer" => Forge(d => d.Issuer = "https://evil.example"),
            "wrong key" => Forge(_ => { }, new RsaSecurityKey(RSA.Create(2048)) { KeyId = "signing-19990101T000000000Z" }),
            "unsigned" => Forge(d => d.SigningCredentials = null),
            _ => "not-a-token",
        };
        var client = suite.ReducingHarm.CreateClient(token);
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains(why, refused.Status.Detail);

        using var http = TestAuth.Http(suite.ReducingHarm.HttpAddress, token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/tables/2025-12")).StatusCode);
    }

    [Fact]
    public async Task The_public_reads_published_packs_and_the_catalogue_but_never_a_draft()
    {
        var accountability = suite.Accountability.CreateAccountability();
        await accountability.ScheduleMeetingAsync(new Meeting { Id = "pam-2026-10-14", Title = "PCC Accountability Meeting", Date = "2026-10-14", PeriodEnd = "2026-06" });

        using var anonymous = new HttpClient { BaseAddress = suite.Gateway.HttpAddress };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/packs/pam-2026-04-21.html")).StatusCode);
        var draft = await anonymous.GetAsync("/packs/pam-2026-10-14.html");
        Assert.Equal(HttpStatusCode.Unauthorized, draft.StatusCode);
        Assert.Contains("not published yet", await draft.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/packs/pam-2026-10-14.json")).StatusCode);

        using var noRole = TestAuth.Http(suite.Gateway.HttpAddress, TestAuth.Token([], [], "Member of the public"));
        Assert.Equal(HttpStatusCode.Forbidden, (await noRole.GetAsync("/packs/pam-2026-10-14.pdf")).StatusCode);
        // The draft holds every priority's paper: a command area reads its own in the application, not the others'.
        using var analyst = TestAuth.Http(suite.Gateway.HttpAddress, AuthorizationMatrixTests.Callers["own command area"].Value);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/packs/pam-2026-10-14.json")).StatusCode);
        using var dcc = TestAuth.Http(suite.Gateway.HttpAddress, AuthorizationMatrixTests.Callers["originator"].Value);
        Assert.Equal(HttpStatusCode.OK, (await dcc.GetAsync("/packs/pam-2026-10-14.json")).StatusCode);

        var direct = suite.ReducingHarm.CreateClient("");
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => direct.GetPaperAsync(new GetPaperRequest { PeriodEnd = "2025-12" }).ResponseAsync)).StatusCode);
        Assert.Equal("reducing-harm", (await direct.GetCatalogueAsync(new GetCatalogueRequest())).Pillar);
        var throughGateway = await Node.CallAsync(suite.Gateway.GrpcTarget, "tables", "2025-12", pillar: "reducing-harm", token: "");
        Assert.Equal((int)StatusCode.Unauthenticated, throughGateway.Code);
    }

    [Fact]
    public async Task Event_deliveries_need_the_sidecars_app_token_when_one_is_set()
    {
        await using var pillar = new ServiceServer<ReducingHarm.Host>("reducing-harm", new Dictionary<string, string> { ["Eventing:AppApiToken"] = "sidecar-secret" });
        using var http = new HttpClient { BaseAddress = pillar.HttpAddress };
        var body = System.Text.Json.JsonSerializer.Serialize(new { specversion = "1.0", id = "1", source = "s", type = "t", datacontenttype = "application/json",
            data = new { id = Guid.NewGuid(), number = 50, meetingId = "pam-2026-04-21", dateRaised = "2026-04-21", description = "d", owner = "reducing-harm" } });
        StringContent Delivery() => new(body, System.Text.Encoding.UTF8, "application/cloudevents+json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/events/action-raised", Delivery())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/dapr/subscribe")).StatusCode);

        http.DefaultRequestHeaders.Add("dapr-api-token", "sidecar-secret");
        var accepted = await http.PostAsync("/events/action-raised", Delivery());
        Assert.Equal("SUCCESS", (await accepted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetString());
    }
}
