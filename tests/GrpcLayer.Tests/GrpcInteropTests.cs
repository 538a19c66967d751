using System.Net;
using Microsoft.EntityFrameworkCore;
using Plan.Pillar.V1;
using PlanServices.Grpc;
using PlanServices.Grpc.Client;
using PlanServices.Testing;

namespace PlanServices.GrpcLayer.Tests;

/// <summary>@grpc/grpc-js, a stock gRPC client, calling the pillar services over real HTTP/2.</summary>
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
        const string batch = """[{"indicator":"calls.total","from":"2026-01","to":"2026-01","value":9800},{"indicator":"calls.under-10s","from":"2026-01","to":"2026-01","value":9100}]""";
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

    [Theory]
    [InlineData("unknown-method", "/plan.pillar.v1.PillarService/Nope")]
    [InlineData("unknown-service", "/plan.other.v1.Other/Get")]
    public async Task Unknown_services_and_methods_are_unimplemented(string scenario, string path)
    {
        var (code, details, _) = await Call(scenario);
        Assert.Equal((int)StatusCode.Unimplemented, code);
        Assert.Equal($"Method {path} is unimplemented.", details);
    }

    [Fact]
    public async Task A_compressed_call_is_unimplemented_since_only_identity_is_supported()
    {
        var (code, details, _) = await Call("gzip");
        Assert.Equal((int)StatusCode.Unimplemented, code);
        Assert.Contains("Compression 'gzip' is not supported", details);
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
        Assert.Contains("larger than max", over.Details);
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
        using var http = GrpcClient.CreateHttpClient(_server.GrpcAddress, TestAuth.Handler(TestAuth.Admin));
        var body = new NeverEndingContent([0, 0, 0, 0, 0]);
        body.Headers.ContentType = new("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/plan.pillar.v1.PillarService/StreamObservations")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = body,
        };
        request.Headers.Add("grpc-timeout", "300m");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("4", GrpcStatus(response));
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_stream_has_nothing_written_and_the_server_keeps_serving()
    {
        var before = await StoredAsync();
        await Call("stream-vanish");
        await Task.Delay(500);
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

    /// <summary>The status of a read response: in its headers when Trailers-Only, else in its trailers.</summary>
    private static string GrpcStatus(HttpResponseMessage response) =>
        (response.Headers.TryGetValues("grpc-status", out var headers) ? headers : response.TrailingHeaders.GetValues("grpc-status")).Single();

    /// <summary>A request body that sends its bytes and then never ends, as a stalled client would.</summary>
    private sealed class NeverEndingContent(byte[] first) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
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
        Assert.Equal("period_end: 'Q4' is not a month (expected YYYY-MM)", details);
    }

    public static TheoryData<string, byte[]> MalformedBodies() => new()
    {
        { "a frame cut short", [0, 0, 0, 0, 10, 1, 2] },
        { "bytes that are not a message", [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF] },
        { "an unknown compressed flag", [7, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_request_is_internal_and_the_server_keeps_serving(string what, byte[] body)
    {
        using var http = GrpcClient.CreateHttpClient(_server.GrpcAddress, TestAuth.Handler(TestAuth.Admin));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/plan.pillar.v1.PillarService/GetTables")
        {
            Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("13", GrpcStatus(response));
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Equal("reducing-harm", (await _server.CreateClient().GetCatalogueAsync()).Pillar);
    }

    [Fact]
    public async Task A_request_that_is_not_grpc_gets_415()
    {
        using var http = GrpcClient.CreateHttpClient(_server.GrpcAddress, TestAuth.Handler(TestAuth.Admin));
        using var response = await http.PostAsync("/plan.pillar.v1.PillarService/GetTables", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}

/// <summary>The suite's own gRPC client calling @grpc/grpc-js as the server.</summary>
public sealed class GrpcJsServerTests : IAsyncLifetime
{
    private Node.NodeServer _server = null!;
    private Contracts.PillarClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await Node.StartServerAsync();
        _client = new Contracts.PillarClient(new GrpcClient(GrpcClient.CreateHttpClient(_server.Address)));
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Unary_calls_return_grpc_js_messages()
    {
        Assert.Equal("grpc-js", (await _client.GetCatalogueAsync()).Pillar);
        var tables = await _client.GetTablesAsync("2025-12");
        Assert.Equal("129,695", tables.Tables[0].Rows[0].Cells[0].Text);
    }

    [Fact]
    public async Task A_status_with_a_non_ascii_message_arrives_as_the_server_wrote_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetTablesAsync("fail"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("period_end: “fail” is not a month – try 2025-12", error.Detail);
    }

    [Fact]
    public async Task A_deadline_ends_a_slow_call_with_deadline_exceeded()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.GetTablesAsync("slow", new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300))));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task A_3_MiB_response_is_read_and_one_over_the_limit_is_resource_exhausted()
    {
        Assert.Equal(3 * 1024 * 1024, (await _client.GetTablesAsync("big")).Tables[0].Caption.Length);
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetTablesAsync("huge"));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Client_streaming_sends_100000_observations()
    {
        var summary = await _client.StreamObservationsAsync(Observations(100_000));
        Assert.Equal(100_000, summary.Received);
    }

    [Fact]
    public async Task Server_streaming_reads_every_message()
    {
        var rows = await _client.ListObservationsAsync(new ListObservationsRequest { Indicator = "calls.total" }).ToListAsync();
        Assert.Equal(["2025-01", "2025-02", "2025-03"], rows.Select(r => r.From));
    }

    [Fact]
    public async Task An_unknown_method_is_unimplemented_and_an_unreachable_server_unavailable()
    {
        var grpc = new GrpcClient(GrpcClient.CreateHttpClient(_server.Address));
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            grpc.UnaryAsync(new Method<GetCatalogueRequest, Catalogue>("/plan.pillar.v1.PillarService/Nope"), new GetCatalogueRequest()));
        Assert.Equal(StatusCode.Unimplemented, missing.StatusCode);

        var closed = new Contracts.PillarClient(new GrpcClient(GrpcClient.CreateHttpClient(new Uri($"http://127.0.0.1:{ServiceServer<ReducingHarm.Host>.FreePort()}"))));
        var down = await Assert.ThrowsAsync<RpcException>(() => closed.GetCatalogueAsync());
        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
    }

    private static async IAsyncEnumerable<Observation> Observations(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var month = new Pillars.Domain.Month(1000, 1).Plus(i).ToString();
            yield return new Observation { Indicator = "calls.total", From = month, To = month, Value = i };
        }
        await Task.CompletedTask;
    }
}
