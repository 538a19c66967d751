using System.Net;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.EntityFrameworkCore;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Grpc.Tests;

/// <summary>@grpc/grpc-js, a stock gRPC client, calling a pillar service (grpc-dotnet) over real HTTP/2.</summary>
public sealed class GrpcJsClientTests : IAsyncLifetime
{
    private ServiceServer<ReducingHarm.Host> _server = null!;

    public Task InitializeAsync()
    {
        _server = new ServiceServer<ReducingHarm.Host>("reducing-harm");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<(int Code, string Details, System.Text.Json.JsonElement Result)> Call(string scenario, string? arg = null) =>
        Node.CallAsync(_server.GrpcTarget, scenario, arg);

    private Task<int> StoredAsync() => _server.WithDbAsync(db => db.Observations.CountAsync());

    [Fact]
    public async Task Each_pillar_serves_its_catalogue_to_grpc_js()
    {
        await using var preventing = new ServiceServer<PreventingCrime.Host>("preventing-crime");
        await using var cohesive = new ServiceServer<CohesiveCommunities.Host>("cohesive-communities");
        foreach (var (target, pillar, objectives) in new[] { (preventing.GrpcTarget, "preventing-crime", 6), (cohesive.GrpcTarget, "cohesive-communities", 5), (_server.GrpcTarget, "reducing-harm", 6) })
        {
            var (code, _, catalogue) = await Node.CallAsync(target, "catalogue");
            Assert.Equal(0, code);
            Assert.Equal(pillar, catalogue.GetProperty("pillar").GetString());
            Assert.Equal(objectives, catalogue.GetProperty("objectives").GetArrayLength());
        }
    }

    [Fact]
    public async Task Grpc_js_reads_table_8_with_the_weighted_mean_and_target_status()
    {
        var (code, _, result) = await Call("tables", "2025-12");
        Assert.Equal(0, code);
        var calls = result.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "calls-999");
        var last = calls.GetProperty("rows").EnumerateArray().Last();
        Assert.Equal("Last 12 months", last.GetProperty("label").GetString());
        Assert.Equal(["129,695", "7.53", "88.3%", "10.9%", "0.8%"], last.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        Assert.False(last.GetProperty("cells")[2].GetProperty("targetMet").GetBoolean());
    }

    [Fact]
    public async Task A_batch_is_recorded_once_and_its_replay_succeeds_changing_nothing()
    {
        const string batch = """[{"indicator":"calls.total","from":"2026-04","to":"2026-04","value":9800},{"indicator":"calls.under-10s","from":"2026-04","to":"2026-04","value":9100}]""";
        var first = await Call("record", batch);
        var replay = await Call("record", batch);

        Assert.Equal((0, 2), (first.Code, first.Result.GetProperty("added").GetInt32()));
        Assert.Equal((0, 0, 2), (replay.Code, replay.Result.GetProperty("added").GetInt32(), replay.Result.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task A_bad_batch_is_invalid_argument_naming_each_field_and_nothing_is_written()
    {
        var before = await StoredAsync();
        var (code, details, _) = await Call("record",
            """[{"indicator":"calls.total","from":"2026-02","to":"2026-02","value":10},{"indicator":"nope","from":"2026-02","to":"2026-02","value":1},{"indicator":"calls.total","from":"2026-3","to":"2026-03","value":-1}]""");

        Assert.Equal((int)StatusCode.InvalidArgument, code);
        Assert.Contains("observations[1]: indicator 'nope' is not in the reducing-harm catalogue", details);
        Assert.Contains("observations[2]: value -1 is negative", details);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task A_batch_with_thousands_of_errors_lists_the_first_50_and_counts_the_rest()
    {
        var (code, details, _) = await Call("record-unknown", "5000");

        Assert.Equal((int)StatusCode.InvalidArgument, code);
        Assert.Contains("observations[49]: indicator 'nope-49'", details);
        Assert.DoesNotContain("observations[50]:", details);
        Assert.EndsWith("… and 4,950 more", details);
        Assert.True(details.Length < 16 * 1024, $"the status message is {details.Length:N0} characters");
    }

    [Theory]
    [InlineData("unknown-method", "Method is unimplemented.")]
    [InlineData("unknown-service", "Service is unimplemented.")]
    public async Task Unknown_services_and_methods_are_unimplemented(string scenario, string message)
    {
        var (code, details, _) = await Call(scenario);
        Assert.Equal((int)StatusCode.Unimplemented, code);
        Assert.Equal(message, details);
    }

    [Fact]
    public async Task A_gzip_compressed_call_from_grpc_js_is_served()
    {
        var (code, _, catalogue) = await Call("gzip");
        Assert.Equal(0, code);
        Assert.Equal("reducing-harm", catalogue.GetProperty("pillar").GetString());
    }

    [Fact]
    public async Task A_3_MiB_message_is_accepted_and_one_over_the_4_MiB_limit_is_resource_exhausted()
    {
        var (code, _, result) = await Call("record-3mib", "95000");
        Assert.Equal(0, code);
        Assert.Equal(95_000, result.GetProperty("added").GetInt32());

        var before = await StoredAsync();
        var over = await Call("record-3mib", "160000");
        Assert.Equal((int)StatusCode.ResourceExhausted, over.Code);
        Assert.Contains("exceeds the maximum configured message size", over.Details);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Client_streaming_records_100000_observations_in_one_go()
    {
        var (code, _, result) = await Call("stream", "100000");
        Assert.Equal(0, code);
        Assert.Equal(100_000, result.GetProperty("received").GetInt32());
        Assert.Equal(100_000, result.GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task Grpc_js_sees_deadline_exceeded_on_a_stream_it_keeps_open()
    {
        var (code, _, _) = await Call("stream-deadline", "500");
        Assert.Equal((int)StatusCode.DeadlineExceeded, code);
        Assert.Equal(0, (await Call("catalogue")).Code);
    }

    [Fact]
    public async Task The_server_ends_a_call_at_its_grpc_timeout_with_deadline_exceeded_and_writes_nothing()
    {
        var before = await StoredAsync();
        using var http = TestAuth.Http(_server.GrpcAddress);
        var body = new StalledContent([0, 0, 0, 0, 0]);
        body.Headers.ContentType = new("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/plan.pillar.v1.PillarService/StreamObservations")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = body,
        };
        request.Headers.Add("grpc-timeout", "300m");
        request.Headers.TE.ParseAdd("trailers");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        // Trailers-Only DEADLINE_EXCEEDED, then the server resets the stream it no longer reads (as the gRPC spec says).
        Assert.Equal("4", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_stream_has_nothing_written_and_the_server_keeps_serving()
    {
        var before = await StoredAsync();
        using var connections = new ServerConnections(_server.GrpcAddress.Port);
        await Call("stream-vanish");
        await connections.WaitUntilClosedAsync();
        Assert.Equal(before, await StoredAsync());
        Assert.Equal(0, (await Call("catalogue")).Code);
    }

    [Fact]
    public async Task Grpc_js_can_cancel_a_server_stream()
    {
        var (code, _, _) = await Call("list-cancel", """{"indicator":"calls.total","from":"2025-01","to":"2025-12"}""");
        Assert.Equal((int)StatusCode.Cancelled, code);
        Assert.Equal(0, (await Call("catalogue")).Code);
    }

    [Fact]
    public async Task Server_streaming_lists_stored_observations_and_an_unknown_indicator_is_not_found()
    {
        var (code, _, rows) = await Call("list", """{"indicator":"soc.disruptions","from":"2025-10","to":"2025-12"}""");
        Assert.Equal(0, code);
        Assert.Equal([67.0, 74.0, 44.0], rows.EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));

        var missing = await Call("list", """{"indicator":"nope","from":"2025-10","to":"2025-12"}""");
        Assert.Equal((int)StatusCode.NotFound, missing.Code);
        Assert.Equal("indicator: 'nope' is not in the reducing-harm catalogue", missing.Details);
    }

    [Fact]
    public async Task A_bad_period_is_invalid_argument_naming_the_field()
    {
        var (code, details, _) = await Call("tables", "Q4");
        Assert.Equal((int)StatusCode.InvalidArgument, code);
        Assert.Equal("period_end: 'Q4' is not a reporting period: give a quarter by its last month (2025-12), a financial year (FY2025-26) or a run of months (2025-01..2025-06)", details);
    }

    [Fact]
    public async Task Grpc_js_without_a_token_is_unauthenticated_and_with_another_pillars_token_permission_denied()
    {
        var anonymous = await Node.CallAsync(_server.GrpcTarget, "tables", "2025-12", token: "");
        Assert.Equal((int)StatusCode.Unauthenticated, anonymous.Code);

        var other = TestAuth.Token([ServiceDefaults.Roles.CommandArea], ["preventing-crime"], "Analyst, Preventing Crime");
        var denied = await Node.CallAsync(_server.GrpcTarget, "record", """[{"indicator":"calls.total","from":"2026-01","to":"2026-01","value":1}]""", token: other);
        Assert.Equal((int)StatusCode.PermissionDenied, denied.Code);
        Assert.Equal("Analyst, Preventing Crime may not call /plan.pillar.v1.PillarService/RecordObservations (policy 'reader', 'own-pillar').", denied.Details);
    }

    public static TheoryData<string, byte[]> MalformedBodies() => new()
    {
        { "a frame cut short", [0, 0, 0, 0, 10, 1, 2] },
        { "bytes that are not a message", [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF] },
        { "an unknown compressed flag", [7, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_request_ends_with_a_status_and_the_server_keeps_serving(string what, byte[] body)
    {
        using var http = TestAuth.Http(_server.GrpcAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/plan.pillar.v1.PillarService/GetTables")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        // grpc-dotnet answers INTERNAL for a cut frame and UNKNOWN for a message it cannot read; never OK, never a crash.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(GrpcStatus(response) is "13" or "2", $"{what}: grpc-status {GrpcStatus(response)}");
        Assert.Equal("reducing-harm", (await _server.CreateClient().GetCatalogueAsync(new GetCatalogueRequest())).Pillar);
    }

    [Fact]
    public async Task An_error_before_any_message_is_trailers_only_with_the_status_in_the_headers()
    {
        using var http = TestAuth.Http(_server.GrpcAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/plan.pillar.v1.PillarService/GetTables")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(new GetTablesRequest { PeriodEnd = "Q4" })),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        using var response = await http.SendAsync(request);

        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("3", response.Headers.GetValues("grpc-status").Single());
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact]
    public async Task A_request_that_is_not_grpc_gets_415()
    {
        using var http = TestAuth.Http(_server.GrpcAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/plan.pillar.v1.PillarService/GetTables")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new StringContent("{}"),
        };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Health_and_reflection_are_served_on_the_grpc_port()
    {
        var channel = _server.Channel("");
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains("plan.pillar.v1.PillarService", reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
    }

    private static byte[] Frame(Google.Protobuf.IMessage message)
    {
        var payload = Google.Protobuf.MessageExtensions.ToByteArray(message);
        var frame = new byte[5 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The status of a read response: in its headers when Trailers-Only, else in its trailers.</summary>
    private static string GrpcStatus(HttpResponseMessage response) =>
        (response.Headers.TryGetValues("grpc-status", out var headers) ? headers : response.TrailingHeaders.GetValues("grpc-status")).Single();

    /// <summary>A request body that sends its bytes and then stalls, as a stuck client would, until the server gives up on it.</summary>
    private sealed class StalledContent(byte[] first) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await Task.Delay(Timeout.Infinite).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
