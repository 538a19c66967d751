using Grpc.Net.Client;
using Plan.Pillar.V1;
using PlanServices.Testing;

namespace PlanServices.Grpc.Tests;

/// <summary>The suite's generated client (Grpc.Net.Client) calling @grpc/grpc-js as the server.</summary>
public sealed class GrpcJsServerTests : IAsyncLifetime
{
    private Node.NodeServer _server = null!;
    private GrpcChannel _channel = null!;
    private PillarService.PillarServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await Node.StartServerAsync();
        _channel = GrpcChannel.ForAddress(_server.Address);
        _client = new PillarService.PillarServiceClient(_channel);
    }

    public Task DisposeAsync()
    {
        _channel.Dispose();
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Unary_calls_return_grpc_js_messages()
    {
        Assert.Equal("grpc-js", (await _client.GetCatalogueAsync(new GetCatalogueRequest())).Pillar);
        var tables = await _client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "2025-12" });
        Assert.Equal("129,695", tables.Tables[0].Rows[0].Cells[0].Text);
    }

    [Fact]
    public async Task A_status_with_a_non_ascii_message_arrives_as_the_server_wrote_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "fail" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("period_end: “fail” is not a month – try 2025-12", error.Status.Detail);
    }

    [Fact]
    public async Task A_deadline_ends_a_slow_call_with_deadline_exceeded()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "slow" }, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task A_3_MiB_response_is_read_and_one_over_the_4_MiB_limit_is_resource_exhausted()
    {
        Assert.Equal(3 * 1024 * 1024, (await _client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "big" })).Tables[0].Caption.Length);
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetTablesAsync(new GetTablesRequest { PeriodEnd = "huge" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Client_streaming_sends_100000_observations()
    {
        var observations = Enumerable.Range(0, 100_000).Select(i =>
        {
            var month = new Month(1000, 1).Plus(i).ToString();
            return new Observation { Indicator = "calls.total", From = month, To = month, Value = i };
        });
        Assert.Equal(100_000, (await Streams.RecordAsync(_client, observations)).Received);
    }

    [Fact]
    public async Task Server_streaming_reads_every_message()
    {
        using var call = _client.ListObservations(new ListObservationsRequest { Indicator = "calls.total" });
        var rows = await call.ResponseStream.ReadAllAsync().ToListAsync();
        Assert.Equal(["2025-01", "2025-02", "2025-03"], rows.Select(r => r.From));
    }

    [Fact]
    public async Task An_unknown_method_is_unimplemented_and_an_unreachable_server_unavailable()
    {
        var nope = new Method<GetCatalogueRequest, Catalogue>(MethodType.Unary, "plan.pillar.v1.PillarService", "Nope",
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), GetCatalogueRequest.Parser.ParseFrom),
            Marshallers.Create(r => Google.Protobuf.MessageExtensions.ToByteArray(r), Catalogue.Parser.ParseFrom));
        var missing = await Assert.ThrowsAsync<RpcException>(() => _channel.CreateCallInvoker().AsyncUnaryCall(nope, null, new CallOptions(), new GetCatalogueRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, missing.StatusCode);

        using var closed = GrpcChannel.ForAddress($"http://127.0.0.1:{Ports.Free()}");
        var down = await Assert.ThrowsAsync<RpcException>(() => new PillarService.PillarServiceClient(closed).GetCatalogueAsync(new GetCatalogueRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
    }
}
