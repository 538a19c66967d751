using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Plan.Pillar.V1;
using PlanServices.Identity.Data;
using PlanServices.Testing;

namespace PlanServices.Functional.Tests;

/// <summary>The suite's identity provider as its clients meet it: discovery, client credentials, a Constabulary system's reach.</summary>
[Collection(SuiteCollection.Name)]
public sealed class IdentityProviderTests(Suite suite)
{
    private static Uri TokenEndpoint => new(TestAuth.Authority, "connect/token");

    [Fact]
    public async Task Discovery_names_the_flows_endpoints_and_keys_the_services_validate_with()
    {
        using var http = new HttpClient { BaseAddress = TestAuth.Authority };
        var discovery = await http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        string[] List(string name) => [.. discovery.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(TestAuth.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(TokenEndpoint.ToString(), discovery.GetProperty("token_endpoint").GetString());
        Assert.EndsWith("/connect/authorize", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.EndsWith("/connect/endsession", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Subset(List("grant_types_supported").ToHashSet(), new HashSet<string> { "authorization_code", "refresh_token", "client_credentials" });
        Assert.Contains("S256", List("code_challenge_methods_supported"));

        var keys = await http.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString());
        var key = Assert.Single(keys.GetProperty("keys").EnumerateArray());
        Assert.Equal(("RSA", "sig", TestAuth.SigningKey.KeyId), (key.GetProperty("kty").GetString(), key.GetProperty("use").GetString(), key.GetProperty("kid").GetString()));
        Assert.False(key.TryGetProperty("d", out _), "a private part is published");
    }

    [Fact]
    public async Task A_client_s_token_names_the_suite_its_roles_and_pillars_and_lives_briefly()
    {
        var token = new JsonWebToken(await TestAuth.ClientTokenAsync("constabulary-reducing-harm", TestAuth.DemoPassword));
        Assert.Equal(TestAuth.Issuer, token.Issuer);
        Assert.Equal(["planservices"], token.Audiences);
        Assert.Equal("constabulary-reducing-harm", token.Subject);
        Assert.Equal(["command-area"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Equal(["reducing-harm"], token.Claims.Where(c => c.Type == "pillar").Select(c => c.Value));
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));
    }

    [Theory]
    [InlineData("constabulary-reducing-harm", "a wrong secret")]
    [InlineData("nobody", "any")]
    public async Task A_client_with_a_wrong_secret_or_none_registered_gets_no_token(string client, string secret)
    {
        using var http = new HttpClient();
        using var answer = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client, ["client_secret"] = secret == "any" ? TestAuth.DemoPassword : secret,
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("invalid_client", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_constabulary_system_on_grpc_js_writes_its_own_priority_with_client_credentials_and_no_other()
    {
        var client = (TokenEndpoint, "constabulary-reducing-harm", TestAuth.DemoPassword);
        var observations = """[{"indicator":"calls.total","from":"2033-01","to":"2033-01","value":12}]""";
        var own = await Node.CallAsync(suite.ReducingHarm.GrpcTarget, "record", observations, client: client);
        Assert.Equal((0, 1), (own.Code, own.Result.GetProperty("added").GetInt32()));

        var other = await Node.CallAsync(suite.PreventingCrime.GrpcTarget, "record", """[{"indicator":"crime.total","from":"2033-01","to":"2033-01","value":1}]""", client: client);
        Assert.Equal((int)StatusCode.PermissionDenied, other.Code);
        Assert.Contains("Constabulary records system, Reducing Harm may not call", other.Details);
    }

    [Fact]
    public async Task Curl_as_a_second_stock_client_gets_a_token_the_services_accept()
    {
        var curl = Process.Start(new ProcessStartInfo("curl", ["-fsS", "-d", "grant_type=client_credentials", "-d", "client_id=dcc",
            "--data-urlencode", $"client_secret={TestAuth.DemoPassword}", TokenEndpoint.ToString()]) { RedirectStandardOutput = true })!;
        var answer = JsonDocument.Parse(await curl.StandardOutput.ReadToEndAsync()).RootElement;
        await curl.WaitForExitAsync();
        Assert.Equal("Bearer", answer.GetProperty("token_type").GetString());

        var pillar = suite.ReducingHarm.CreateClient(answer.GetProperty("access_token").GetString());
        var refused = await Assert.ThrowsAsync<RpcException>(() => pillar.OpenPaperAsync(new OpenPaperRequest { PeriodEnd = "2033-03" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.NotEmpty((await pillar.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" })).Tables);
    }
}

/// <summary>Signing keys rotate while the services run, and a retired key's tokens are refused.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task A_new_key_signs_after_a_restart_the_old_one_stays_published_until_retired_then_its_tokens_are_refused()
    {
        var keys = Directory.CreateTempSubdirectory("planservices-rotation-").FullName;
        var settings = TestAuth.IdentitySettings(keys);
        Dictionary<string, string> With(string key, string value) => new(settings) { [key] = value };
        var provider = new ServiceServer<Identity.Host>("identity", settings);
        var (httpPort, grpcPort, authority) = (provider.HttpAddress.Port, provider.GrpcAddress.Port, provider.HttpAddress);
        await using var service = new ServiceServer<ReducingHarm.Host>("reducing-harm", new Dictionary<string, string> { ["Auth:Authority"] = authority.ToString() });
        Task<string> TokenAsync() => TestAuth.ClientTokenAsync("opccn", TestAuth.DemoPassword, authority);
        static async Task<(StatusCode Status, string Detail)> ReadAsync(IServiceServer at, string token)
        {
            try
            {
                await ((ServiceServer<ReducingHarm.Host>)at).CreateClient(token).GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" });
                return (StatusCode.OK, "");
            }
            catch (RpcException e)
            {
                return (e.StatusCode, e.Status.Detail);
            }
        }
        try
        {
            var first = await TokenAsync();
            Assert.Equal(StatusCode.OK, (await ReadAsync(service, first)).Status);
            var firstKey = Assert.Single(Directory.GetFiles(keys, "signing-*.pem"));
            var retired = Identity.KeyRing.Read(firstKey);

            // The first key has signed for its lifetime (here: none): restarted, the provider signs with a new key and still publishes the old.
            await provider.DisposeAsync();
            provider = new ServiceServer<Identity.Host>("identity", With("Identity:KeyLifetime", "00:00:00"), httpPort, grpcPort);
            var second = await TokenAsync();
            Assert.NotEqual(new JsonWebToken(first).Kid, new JsonWebToken(second).Kid);
            Assert.Equal(StatusCode.OK, (await ReadAsync(service, first)).Status);
            // The running service meets a key it has not seen and reads the provider's keys again.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await ReadAsync(service, second)).Status != StatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "the service never accepted the new key's token");
                await Task.Delay(250);
            }

            // Once the new key has signed long enough (here: at once), the old one is retired: no longer published.
            await provider.DisposeAsync();
            provider = new ServiceServer<Identity.Host>("identity", With("Identity:KeyRetiresAfter", "00:00:00"), httpPort, grpcPort);
            Assert.False(File.Exists(firstKey));
            using var http = new HttpClient { BaseAddress = authority };
            var published = (await http.GetFromJsonAsync<JsonElement>("/.well-known/jwks")).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
            Assert.Equal([new JsonWebToken(second).Kid], published);

            await using var fresh = new ServiceServer<ReducingHarm.Host>("reducing-harm", new Dictionary<string, string> { ["Auth:Authority"] = authority.ToString() });
            var forged = TestAuth.Forge(d => d.Issuer = authority.ToString(), retired);
            var (status, detail) = await ReadAsync(fresh, forged);
            Assert.Equal(StatusCode.Unauthenticated, status);
            Assert.Contains("signed with a key the authority does not publish", detail);
            Assert.Equal(StatusCode.OK, (await ReadAsync(fresh, second)).Status);
        }
        finally
        {
            await provider.DisposeAsync();
        }
    }
}

/// <summary>Guessing passwords: a user name locks after repeated failures, attempts are rate-limited, and every attempt is logged.</summary>
public sealed class SignInProtectionTests
{
    private static async Task<(HttpStatusCode Status, string Page)> SignInAsync(HttpClient http, string user, string password)
    {
        var page = await http.GetStringAsync("/signin");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var answer = await http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = antiforgery,
        }));
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    private static HttpClient Browser(IServiceServer provider) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = provider.HttpAddress };

    [Fact]
    public async Task Three_failures_lock_a_user_name_whether_or_not_it_exists_and_the_log_says_what_happened()
    {
        var settings = TestAuth.IdentitySettings(Directory.CreateTempSubdirectory("planservices-keys-").FullName);
        settings["Identity:MaxFailedSignIns"] = "3";
        await using var provider = new ServiceServer<Identity.Host>("identity", settings);
        using var http = Browser(provider);

        foreach (var user in new[] { "dcc", "no-such-user" })
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                var (status, page) = await SignInAsync(http, user, "guess-" + attempt);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Contains("The user name or password is not right.", page);
            }
            var locked = await SignInAsync(http, user, TestAuth.DemoPassword);
            Assert.Contains("This user name is locked after 3 failed sign-ins in a row", locked.Page);
        }
        // Another user name is not locked by them.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(http, "opccn", TestAuth.DemoPassword)).Status);
        // A sign-out link without the identity token the web application sends (as another site would make) signs no one out.
        using (await http.GetAsync("/connect/endsession")) { }

        await using var scope = provider.Services.CreateAsyncScope();
        var log = await scope.ServiceProvider.GetRequiredService<IdentityDb>().SignIns.OrderBy(s => s.Id).Select(s => s.UserName + " " + s.Outcome).ToListAsync();
        Assert.Equal([
            "dcc wrong password", "dcc wrong password", "dcc wrong password", "dcc locked",
            "no-such-user unknown user", "no-such-user unknown user", "no-such-user unknown user", "no-such-user locked",
            "opccn signed in"], log);
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_rate_limited()
    {
        var settings = TestAuth.IdentitySettings(Directory.CreateTempSubdirectory("planservices-keys-").FullName);
        settings["Identity:SignInsPerMinute"] = "4";
        await using var provider = new ServiceServer<Identity.Host>("identity", settings);
        using var http = Browser(provider);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(http, "dcc", "wrong")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(http, "dcc", "wrong")).Status);
        using var refused = await http.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
    }
}

/// <summary>The provider's store on each engine: clients registered once and brought up to date on restart, people from settings, the log.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IdentityStoreTests(PostgresServer postgres)
{
    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public async Task Clients_and_people_from_settings_work_across_a_restart_on_the_same_store(string provider)
    {
        var settings = TestAuth.IdentitySettings(Directory.CreateTempSubdirectory("planservices-keys-").FullName);
        settings["Identity:DemoUsers"] = "false";
        settings["Identity:Users:jane:Name"] = "Jane Smith";
        settings["Identity:Users:jane:Roles:0"] = "opccn";
        settings["Identity:Users:jane:PasswordHash"] = Identity.Accounts.Hash("a long enough password");
        settings["Identity:Clients:records:DisplayName"] = "Records system";
        settings["Identity:Clients:records:Secret"] = "first secret of the records system";
        settings["Identity:Clients:records:Roles:0"] = "command-area";
        settings["Identity:Clients:records:Pillars:0"] = "reducing-harm";
        if (provider == Stores.Postgres)
        {
            settings["Storage:Provider"] = "Postgres";
            settings["ConnectionStrings:identity"] = await postgres.CreateDatabaseAsync();
        }
        else settings["ConnectionStrings:identity"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"identity-{Guid.NewGuid():N}.db")};Pooling=false";

        var first = new ServiceServer<Identity.Host>("identity", settings);
        var (http, grpc) = (first.HttpAddress.Port, first.GrpcAddress.Port);
        Assert.Equal("records", new JsonWebToken(await TestAuth.ClientTokenAsync("records", "first secret of the records system", first.HttpAddress)).Subject);
        await first.DisposeAsync();

        // The secret is changed in the settings: on restart the registration takes it, and the old one no longer works.
        settings["Identity:Clients:records:Secret"] = "second secret of the records system";
        await using var second = new ServiceServer<Identity.Host>("identity", settings, http, grpc);
        await Assert.ThrowsAsync<InvalidOperationException>(() => TestAuth.ClientTokenAsync("records", "first secret of the records system", second.HttpAddress));
        Assert.Equal(["reducing-harm"], new JsonWebToken(await TestAuth.ClientTokenAsync("records", "second secret of the records system", second.HttpAddress))
            .Claims.Where(c => c.Type == "pillar").Select(c => c.Value));
        // No demo user here; Jane signs in with her own password.
        await Assert.ThrowsAsync<InvalidOperationException>(() => TestAuth.ClientTokenAsync("opccn", TestAuth.DemoPassword, second.HttpAddress));
        await using var scope = second.Services.CreateAsyncScope();
        var signIns = scope.ServiceProvider.GetRequiredService<Identity.SignIns>();
        Assert.Equal("signed in", (await signIns.CheckAsync("Jane", "a long enough password", "127.0.0.1", CancellationToken.None)).Outcome);
        Assert.Equal("wrong password", (await signIns.CheckAsync("jane", "not it", "127.0.0.1", CancellationToken.None)).Outcome);
        Assert.Equal(["jane wrong password", "jane signed in"], (await signIns.LatestAsync(10, CancellationToken.None)).Select(s => $"{s.UserName} {s.Outcome}"));
    }
}
